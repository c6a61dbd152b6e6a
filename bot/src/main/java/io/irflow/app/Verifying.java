package io.irflow.app;

import io.irflow.config.AppConfig;
import io.irflow.contain.PendingActionStore;
import io.irflow.verify.ContainmentVerifier;
import io.irflow.verify.DriftCheck;
import io.irflow.verify.Notes;
import io.irflow.verify.Timer;
import io.irflow.verify.VerificationStore;
import io.irflow.verify.WebexNotes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Wires verified containment (io.irflow.verify): the verifier hears the audit of every product answer and follows it
 * ({@code security.verify_timeout}), taking over checks of stopped instances every minute; the drift check re-reads
 * everything irflow holds every {@code security.verify_interval}, on the leader. A zero duration switches either off.
 */
final class Verifying {
    private static final Logger LOG = LoggerFactory.getLogger(Verifying.class);
    /** How often checks whose instance stopped are looked for (their claim lasts a minute). */
    static final Duration RESUME_EVERY = Duration.ofMinutes(1);

    private Verifying() {
    }

    /** Starts both; returns the verifier, or null when no containment is configured or verification is off. */
    static ContainmentVerifier start(Core core, PendingActionStore pending) {
        AppConfig.Security security = core.config().security();
        if (core.products().containments().isEmpty()) {
            return null;
        }
        ScheduledExecutorService scheduler = core.threads().scheduled("irflow-verify", 2);
        Notes notes = new WebexNotes(core.webex());
        String room = core.config().webex().irtRoom();
        ContainmentVerifier verifier = null;
        if (!security.verifyTimeout().isZero() && !security.verifyTimeout().isNegative()) {
            verifier = new ContainmentVerifier(core.products().containments(),
                    new VerificationStore(core.database().dataSource()), pending, core.audit(), notes, room,
                    Timer.on(scheduler), core.clock(), core::words, core.claimant().id(),
                    ContainmentVerifier.Settings.of(security.verifyTimeout())
                            .withFirstPoll(core.tuning().verifyFirstPoll()));
            core.audit().listen(verifier::audited);
            scheduler.scheduleWithFixedDelay(verifier::resume, 0, RESUME_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("containment is verified against the products for up to {}", security.verifyTimeout());
        }
        Duration every = security.verifyInterval();
        if (!every.isZero() && !every.isNegative()) {
            DriftCheck drift = new DriftCheck(core.products().containments(), core.contained(), core.audit(), notes,
                    room, core.leadership()::leading, core.clock(), core::words);
            scheduler.scheduleWithFixedDelay(drift, every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("what irflow holds contained is re-checked for drift every {} (on the leader)", every);
        }
        return verifier;
    }
}
