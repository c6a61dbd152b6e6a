package io.irflow.app;

import io.irflow.adapters.amp.AmpEnrichment;
import io.irflow.adapters.ise.IseEnrichment;
import io.irflow.alerts.AlertGroupStore;
import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertPipeline;
import io.irflow.alerts.StormSettings;
import io.irflow.alerts.AlertPoller;
import io.irflow.alerts.AlertPublisher;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.AlertSourceStore;
import io.irflow.alerts.HostContext;
import io.irflow.alerts.IdentityResolver;
import io.irflow.alerts.InboundAlerts;
import io.irflow.alerts.QuarantinePolicy;
import io.irflow.capabilities.Alert;
import io.irflow.config.AppConfig;
import io.irflow.contain.ContainmentService;
import io.irflow.store.Leadership;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The alert pipeline, part of the features stage: pollers on their schedules (polling only on the leading instance),
 * the outbox publisher (on every instance: posts are claimed one by one) and the inbound endpoint's handler. Its
 * stores and source names are what {@code /alerts} in chat reads.
 *
 * @param sources the polled sources' names, plus "inbound" when {@code POST /alerts} is on
 * @param inbound the {@code POST /alerts} handler, or null when no inbound secret or token is set
 */
record Alerting(AlertSourceStore states, AlertOutboxStore outbox, AlertSeenStore seen, List<String> sources,
                InboundAlerts inbound) {
    private static final Logger LOG = LoggerFactory.getLogger(Alerting.class);

    /**
     * Starts the pipeline on the scheduler, or returns null when no source is configured or there is no room to post
     * alerts to.
     *
     * @param onAlert told of each fresh alert (incident timelines)
     */
    static Alerting start(Core core, ContainmentService containment, io.irflow.contain.Ledger ledger, AlertSeenStore seen,
                          ScheduledExecutorService scheduler, Consumer<Alert> onAlert) {
        AppConfig config = core.config();
        ProductAdapters products = core.products();
        Clock clock = core.clock();
        AppConfig.Alerts cfg = config.alerts();
        boolean inbound = cfg.inboundSecret() != null || cfg.inboundToken() != null;
        String room = config.webex().irtRoom();
        if (products.alertSources().isEmpty() && !inbound) {
            return null;
        }
        if (room == null) {
            LOG.warn("alert sources are configured but webex.irt_room is not: no alerts will be posted");
            return null;
        }
        AlertSourceStore states = new AlertSourceStore(core.database().dataSource());
        AlertOutboxStore outbox = new AlertOutboxStore(core.database().dataSource(), core.claimant());
        core.metrics().outbox("alerts", outbox::pendingPosts);
        QuarantinePolicy policy = new QuarantinePolicy(cfg.autoQuarantine(), cfg.autoQuarantineInbound(),
                new HashSet<>(cfg.autoQuarantineEvents()), cfg.neverQuarantine());
        if (inbound) {
            LOG.info(policy.inboundMayQuarantine() ? "inbound alerts (POST /alerts) may auto-quarantine "
                    + "(alerts.auto_quarantine_inbound: true)" : "inbound alerts (POST /alerts) never auto-quarantine");
        }
        AlertPipeline pipeline = new AlertPipeline(seen, outbox, products.containments().isEmpty() ? null : containment,
                new HostContext(core.investigation()), policy, identity(products), room, cfg.window(), clock)
                .ledger(ledger).onFresh(onAlert).words(core::words)
                .storm(cfg.stormThreshold() == 0 ? null : new StormSettings(cfg.stormThreshold(), cfg.stormWindow()));
        List<String> names = new ArrayList<>();
        Leadership leadership = core.leadership();
        for (ProductAdapters.ScheduledSource s : products.alertSources()) {
            AlertPoller poller = new AlertPoller(s.source(), pipeline, states, clock);
            // Every instance schedules its pollers; only the leader's poll (see store/Leadership), and a new leader
            // polls at once rather than waiting out its interval.
            Runnable ifLeading = () -> {
                if (leadership.leading()) {
                    poller.run();
                }
            };
            scheduler.scheduleWithFixedDelay(ifLeading, 2_000, s.every().toMillis(), TimeUnit.MILLISECONDS);
            leadership.onChange(leads -> {
                if (leads && leadership.shared()) {
                    scheduler.execute(ifLeading);
                }
            });
            names.add(s.source().source());
            LOG.info("polling {} every {} s{}", s.source().source(), s.every().toSeconds(),
                    leadership.shared() ? " while this instance leads" : "");
        }
        scheduler.scheduleWithFixedDelay(new AlertPublisher(outbox,
                new AlertGroupStore(core.database().dataSource()), core.webex(), clock, cfg.postsPerSecond()), 500, 500,
                TimeUnit.MILLISECONDS);
        InboundAlerts handler = null;
        if (inbound) {
            handler = new InboundAlerts(pipeline, reveal(cfg.inboundSecret()), reveal(cfg.inboundToken()), clock);
            names.add("inbound");
        }
        return new Alerting(states, outbox, seen, List.copyOf(names), handler);
    }

    /**
     * Who a host is, before an automatic quarantine: ISE (sessions by MAC and IPv4) and AMP (computers by host name and
     * IP), asked directly rather than through the investigation cache so the decision rests on current answers.
     */
    private static IdentityResolver identity(ProductAdapters products) {
        return new IdentityResolver(products.enrichments().stream()
                .filter(e -> e instanceof IseEnrichment || e instanceof AmpEnrichment).toList());
    }

    private static String reveal(io.irflow.config.Secret s) {
        return s == null ? null : s.reveal();
    }
}
