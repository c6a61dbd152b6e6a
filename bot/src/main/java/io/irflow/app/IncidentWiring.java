package io.irflow.app;

import io.irflow.capabilities.Ticketing;
import io.irflow.chat.Access;
import io.irflow.chat.Command;
import io.irflow.chat.Router;
import io.irflow.chat.commands.IncidentCommands;
import io.irflow.config.AppConfig;
import io.irflow.contain.AuditStore;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.incidents.ContainmentStep;
import io.irflow.incidents.IncidentStore;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.TicketOutboxStore;
import io.irflow.incidents.TicketSync;
import io.irflow.investigate.ObservableParser;
import io.irflow.store.Database;
import io.irflow.webex.WebexClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Builds the incident flow: repository, outbox, service, commands, and the ticket sync on its schedule. */
final class IncidentWiring {
    private static final Logger LOG = LoggerFactory.getLogger(IncidentWiring.class);
    /** How often the ticket outbox is drained. */
    static final Duration SYNC_EVERY = Duration.ofSeconds(1);
    static final Duration SYNC_BASE_BACKOFF = Duration.ofSeconds(2);
    static final Duration SYNC_MAX_BACKOFF = Duration.ofMinutes(5);

    private IncidentWiring() {
    }

    /**
     * Registers the incident commands (wrapping {@code botStatus} so {@code /status <word>} works in incident rooms) and
     * starts the ticket sync when a ticketing system is configured.
     *
     * @param ticketing the ticketing system, or null when none is configured
     * @return the service, for the room filter and timeline hooks
     */
    static IncidentService start(AppConfig config, Database database, WebexClient webex, Ticketing ticketing,
                                 ObservableParser parser, IncidentSeedStore seeds, Router router, Command botStatus,
                                 ScheduledExecutorService scheduler, Clock clock) {
        IncidentStore repo = new IncidentStore(database.dataSource());
        TicketOutboxStore outbox = new TicketOutboxStore(database.dataSource());
        WebexRooms rooms = new WebexRooms(webex, clock);
        AuditStore audit = new AuditStore(database.dataSource());
        ContainmentStep.Source steps = new AuditSteps(audit, new ContainedTargetStore(database.dataSource()));
        IncidentService service = new IncidentService(repo, outbox, rooms, config.incidents().responders(),
                ticketing == null ? null : ticketing.product(), steps, clock);
        IncidentCommands commands = new IncidentCommands(service, parser, clock, seeds,
                Access.from(config.security()));
        commands.register(router);
        router.command(commands.status(botStatus));
        if (ticketing != null) {
            TicketSync sync = new TicketSync(outbox, repo, ticketing, rooms, clock, SYNC_BASE_BACKOFF, SYNC_MAX_BACKOFF,
                    config.incidents().assignmentGroup());
            scheduler.scheduleWithFixedDelay(sync, 0, SYNC_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("incidents: tickets go to {}", ticketing.product());
        } else {
            LOG.info("incidents: no ticketing system configured; incidents live in Webex only");
        }
        return service;
    }
}
