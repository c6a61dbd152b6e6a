package io.irflow.app;

import io.irflow.alerts.AlertAckStore;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.alerts.HostContext;
import io.irflow.cards.AlertCard;
import io.irflow.capabilities.Ticketing;
import io.irflow.chat.WebexRooms;
import io.irflow.config.AppConfig;
import io.irflow.chat.ExpiryNotices;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Expiries;
import io.irflow.contain.Ledger;
import io.irflow.contain.LedgerFeed;
import io.irflow.hosts.HostStore;
import io.irflow.contain.PendingActionStore;
import io.irflow.contain.ProtectedTargets;
import io.irflow.incidents.AuditSteps;
import io.irflow.incidents.IncidentHooks;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.IncidentStore;
import io.irflow.incidents.TicketOutboxStore;
import io.irflow.incidents.TicketSync;
import io.irflow.verify.ContainmentVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The second stage: the features on top of the core. Containment (with its reconciler on a schedule), incidents (with
 * the ticket sync when a ticketing system is set, and the hooks that put the other flows on incident timelines) and
 * the alert pipeline; and the retention of old rows. The containment ledger learns hosts from every investigation and,
 * on every containment or undo, drops the cached product answers about every identifier of the host.
 *
 * @param alerting the alert pipeline, or null when no alert source is configured
 * @param verifier verifies containment against the products' own state, or null when switched off
 */
record Features(ContainmentService containment, Ledger ledger, IncidentService incidents, IncidentSeedStore seeds,
                IncidentHooks hooks, Alerting alerting, Expiries expiries, ContainmentVerifier verifier) {
    private static final Logger LOG = LoggerFactory.getLogger(Features.class);
    /** How long a containment button stays usable. */
    static final Duration OFFER_TTL = Duration.ofHours(24);
    /**
     * A containment EXECUTING for longer than this is one whose result was never recorded (no product call lasts
     * this long: a few requests, each bounded by its timeout), so it is reconciled; younger ones may be live on
     * another instance sharing the database.
     */
    static final Duration RECONCILE_AFTER = Duration.ofMinutes(5);
    /** How often the ticket outbox is drained. */
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);
    static final Duration SYNC_BASE_BACKOFF = Duration.ofSeconds(2);
    static final Duration SYNC_MAX_BACKOFF = Duration.ofMinutes(5);
    /** How often an instance on a shared database reads the containments other instances made (to drop cached answers). */
    static final Duration PEER_CHANGES = Duration.ofSeconds(5);

    /** @param ticketing the ticketing system for incidents, or null for none */
    static Features start(Core core, Ticketing ticketing) {
        AppConfig config = core.config();
        var ds = core.database().dataSource();
        HostStore hosts = new HostStore(ds, core.clock());
        PendingActionStore pendingActions = new PendingActionStore(ds);
        io.irflow.hosts.HostGroupStore groups = new io.irflow.hosts.HostGroupStore(ds, core.clock());
        core.investigation().listen(r -> groups.observe(Ledger.hostsOf(r)));
        ContainmentService containment = new ContainmentService(core.products().containments(),
                pendingActions, core.contained(), core.audit(), core.responders(),
                config.security().requireApproval(), OFFER_TTL, core.clock(), core.metrics(),
                config.security().dryRun(),
                new ProtectedTargets(config.security().protectedTargets(), hosts::find, groups::of));
        ContainmentVerifier verifier = Verifying.start(core, pendingActions);
        ScheduledExecutorService scheduler = core.threads().scheduled("irflow-alerts", 2);
        Ledger ledger = new Ledger(hosts, core.contained(),
                ids -> core.cached().forEach(c -> c.forget(ids)));
        core.investigation().listen(ledger::observe);
        core.audit().listen(ledger::audited);
        if (!core.database().embedded()) {
            // Other instances' containments drop this one's cached answers too (within PEER_CHANGES).
            scheduler.scheduleWithFixedDelay(new LedgerFeed(core.audit(), ledger, core.clock()),
                    PEER_CHANGES.toMillis(), PEER_CHANGES.toMillis(), TimeUnit.MILLISECONDS);
        }

        IncidentStore repo = new IncidentStore(ds);
        TicketOutboxStore outbox = new TicketOutboxStore(ds, core.claimant());
        core.metrics().outbox("tickets", outbox::pendingCount);
        core.metrics().leader(core.leadership()::leading);
        WebexRooms rooms = new WebexRooms(core.webex(), core.clock());
        AlertAckStore acks = new AlertAckStore(ds);
        IncidentService incidents = new IncidentService(repo, outbox, rooms, config.incidents().responders(),
                ticketing == null ? null : ticketing.product(),
                new AuditSteps(core.audit(), core.contained(), hosts::sameHostAs), core.clock(), hosts::sameHostAs,
                (keys, since) -> acks.firstFor(keys, since).map(a -> new io.irflow.incidents.Acknowledgement(a.at(),
                        a.by(), a.label())));
        if (ticketing != null) {
            TicketSync sync = new TicketSync(outbox, repo, ticketing, rooms, core.clock(), SYNC_BASE_BACKOFF,
                    SYNC_MAX_BACKOFF, config.incidents().assignmentGroup()).onSynced(incidents::refreshSummary);
            core.threads().scheduled("irflow-tickets", 1).scheduleWithFixedDelay(sync, 0, SYNC_EVERY.toMillis(),
                    TimeUnit.MILLISECONDS);
            LOG.info("incidents: tickets go to {}", ticketing.product());
        } else {
            LOG.info("incidents: no ticketing system configured; incidents live in Webex only");
        }
        AlertSeenStore seen = new AlertSeenStore(ds, hosts);
        HostContext context = new HostContext(core.investigation());
        IncidentSeedStore seeds = new IncidentSeedStore(ds, ref -> seen.alertOf(ref).map(a -> {
            // Who was on the host and where, as the alert card showed them (the lookups are cached).
            AlertCard.Context c = hostContext(context, a.host());
            IncidentSeedStore.Seed seed = IncidentSeedStore.fromAlert(a.title(), a.host(), a.sha256(), a.at(),
                    a.severity(), c.user(), c.location());
            // The product detected the file: that is its verdict until an investigation in the room says more.
            return a.sha256() == null || a.threat() == null ? seed : seed.withVerdict(a.sha256().toLowerCase(),
                    "detected by " + a.source() + ": " + a.threat());
        }));
        IncidentHooks hooks = new IncidentHooks(incidents, seeds, core.clock());
        core.audit().listen(hooks::audited);
        // At start-up and every minute after: delete summary cards whose replacement a crash or a failed delete left.
        scheduler.scheduleWithFixedDelay(incidents::finishSummaryReplacements, 0, 1, TimeUnit.MINUTES);
        // At start-up and every minute after: settle actions a crash left EXECUTING (see contain/Reconciler).
        scheduler.scheduleWithFixedDelay(() -> containment.reconcile(RECONCILE_AFTER), 0, 1, TimeUnit.MINUTES);
        // Containments held for a while: remind their room before they end, undo them when they do (every instance;
        // each reminder and undo is claimed in the database, see contain/Expiries).
        Expiries expiries = new Expiries(core.contained(), containment, core.audit(), core.responders(),
                ledger::identifiersOf, new ExpiryNotices(core.webex(), core::words), core.clock());
        long every = core.tuning().expiryCheck().toMillis();
        scheduler.scheduleWithFixedDelay(expiries, every, every, TimeUnit.MILLISECONDS);

        Alerting alerting = Alerting.start(core, containment, ledger, seen, scheduler, hooks::alerted);
        new Retention(ds, config.storage().retention(), config.alerts().lookback().plus(config.alerts().window()),
                core.clock()).start(core.threads().scheduled("irflow-retention", 1));
        return new Features(containment, ledger, incidents, seeds, hooks, alerting, expiries, verifier);
    }

    private static AlertCard.Context hostContext(HostContext context, io.irflow.capabilities.Alert.AlertHost host) {
        try {
            return context.apply(host);
        } catch (RuntimeException e) {
            LOG.warn("host context lookup for an incident failed: {}", e.getMessage());
            return new AlertCard.Context(null, null, null);
        }
    }
}
