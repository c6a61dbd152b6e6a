package io.irflow.app;

import io.irflow.adapters.amp.AmpEnrichment;
import io.irflow.adapters.ise.IseEnrichment;
import io.irflow.alerts.AlertGroupStore;
import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.AlertPoller;
import io.irflow.alerts.AlertPublisher;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.AlertSourceStore;
import io.irflow.alerts.IdentityResolver;
import io.irflow.alerts.InboundAlerts;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.cards.AlertCard;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.chat.Router;
import io.irflow.chat.commands.AlertCommands;
import io.irflow.chat.commands.InvestigateCommands;
import io.irflow.config.AppConfig;
import io.irflow.contain.ContainmentService;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceStatus;
import io.irflow.store.Database;
import io.irflow.webex.WebexClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Wires the alert pipeline: pollers on their schedules, the outbox publisher, the inbound endpoint, /alerts. */
final class Alerting {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    private Alerting() {
    }

    static void start(AppConfig config, ProductAdapters products, Database database, ContainmentService containment,
                      Investigation investigation, InvestigateCommands investigate, WebexClient webex, HttpServer server,
                      Router router, ScheduledExecutorService scheduler, Clock clock,
                      java.util.function.Consumer<Alert> onAlert) {
        AppConfig.Alerts cfg = config.alerts();
        boolean inbound = cfg.inboundSecret() != null || cfg.inboundToken() != null;
        String room = config.webex().irtRoom();
        if (products.alertSources().isEmpty() && !inbound) {
            return;
        }
        if (room == null) {
            LOG.warn("alert sources are configured but webex.irt_room is not: no alerts will be posted");
            return;
        }
        AlertSourceStore states = new AlertSourceStore(database.dataSource());
        AlertSeenStore seen = new AlertSeenStore(database.dataSource());
        AlertOutboxStore outbox = new AlertOutboxStore(database.dataSource());
        QuarantinePolicy policy = new QuarantinePolicy(cfg.autoQuarantine(), cfg.autoQuarantineInbound(),
                new HashSet<>(cfg.autoQuarantineEvents()), cfg.neverQuarantine());
        if (inbound) {
            LOG.info(policy.inboundMayQuarantine() ? "inbound alerts (POST /alerts) may auto-quarantine "
                    + "(alerts.auto_quarantine_inbound: true)" : "inbound alerts (POST /alerts) never auto-quarantine");
        }
        AlertPipeline pipeline = new AlertPipeline(seen, outbox, products.containments().isEmpty() ? null : containment,
                host -> context(investigation, host), policy, identity(products), room, cfg.window(), clock)
                .onFresh(onAlert);
        List<String> names = new ArrayList<>();
        for (ProductAdapters.ScheduledSource s : products.alertSources()) {
            AlertPoller poller = new AlertPoller(s.source(), pipeline, states, clock);
            scheduler.scheduleWithFixedDelay(poller, 2_000, s.every().toMillis(), TimeUnit.MILLISECONDS);
            names.add(s.source().source());
            LOG.info("polling {} every {} s", s.source().source(), s.every().toSeconds());
        }
        scheduler.scheduleWithFixedDelay(new AlertPublisher(outbox,
                new AlertGroupStore(database.dataSource()), webex, clock, cfg.postsPerSecond()), 500, 500,
                TimeUnit.MILLISECONDS);
        if (inbound) {
            InboundAlerts handler = new InboundAlerts(pipeline, reveal(cfg.inboundSecret()), reveal(cfg.inboundToken()), clock);
            server.attachInboundAlerts(handler::handle);
            names.add("inbound");
        }
        new AlertCommands(states, outbox, seen, names, investigate, clock).register(router);
    }

    /**
     * Who a host is, before an automatic quarantine: ISE (sessions by MAC and IPv4) and AMP (computers by host name and
     * IP), asked directly rather than through the investigation cache so the decision rests on current answers.
     */
    private static IdentityResolver identity(ProductAdapters products) {
        return new IdentityResolver(products.enrichments().stream()
                .filter(e -> e instanceof IseEnrichment || e instanceof AmpEnrichment).toList());
    }

    /** User and location for an alert's host, from the sources that know addresses (ISE session, CMX). */
    private static AlertCard.Context context(Investigation investigation, Alert.AlertHost host) {
        Observable o = host.mac() != null ? new Observable(ObservableType.MAC, host.mac())
                : host.ip() != null && !host.ip().contains(":") ? new Observable(ObservableType.IPV4, host.ip()) : null;
        if (o == null) {
            return new AlertCard.Context(null, null, null);
        }
        InvestigationResult r = investigation.run(o, false);
        String user = r.results().stream().filter(s -> s.status() == SourceStatus.FOUND && s.finding() != null)
                .flatMap(s -> s.finding().hosts().stream()).map(HostDetails::user).filter(Objects::nonNull).findFirst()
                .orElse(null);
        String location = r.results().stream().filter(s -> s.status() == SourceStatus.FOUND && s.finding() != null)
                .map(s -> s.finding().location()).filter(Objects::nonNull).map(l -> l.mapHierarchy()).findFirst()
                .orElse(null);
        return new AlertCard.Context(user, location, null);
    }

    private static String reveal(io.irflow.config.Secret s) {
        return s == null ? null : s.reveal();
    }
}
