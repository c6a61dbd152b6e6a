package io.irflow.chat;

import io.irflow.cards.Markdown;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that decides who may do what, before any handler runs (so a refused request never reaches a product).
 * The person is known by the email Webex reports for their person id, never by card inputs. An analyst who tries a
 * responder's command or button is told so every time; anyone on neither list gets one short refusal an hour at most
 * (so the bot cannot be used to spam) and silence otherwise. Every refusal is written to the access log.
 */
public final class AccessMiddleware implements Router.Middleware {
    private static final Logger LOG = LoggerFactory.getLogger(AccessMiddleware.class);
    /** An outsider hears the refusal at most this often. */
    public static final Duration REFUSAL_INTERVAL = Duration.ofHours(1);
    /** What an outsider is told. */
    public static final String REFUSAL = "Sorry, I only work with the security team, and you are not on its list. "
            + "If you need access, please ask them.";

    private final Access access;
    private final AccessStore store;
    private final Clock clock;

    public AccessMiddleware(Access access, AccessStore store, Clock clock) {
        this.access = access;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Reply handle(ChatRequest request, String what, Role needed, Supplier<Reply> next) {
        Optional<Role> role = access.roleOf(request.personEmail());
        if (role.isPresent() && role.get().covers(needed)) {
            return next.get();
        }
        Instant now = clock.instant();
        if (role.isPresent()) {
            LOG.info("{} ({}) tried {}, which needs a {}; refused", request.personEmail(), role.get().word(), what,
                    needed.word());
            store.log(new AccessStore.Entry(now, request.personId(), request.personEmail(), request.roomId(), what,
                    needed.word(), "refused: " + role.get().word() + ", needs a " + needed.word()));
            return Reply.text(Markdown.escape(label(what), 80) + " needs a **" + needed.word() + "** (security."
                    + needed.word() + "s). You are listed as " + (role.get() == Role.ANALYST ? "an " : "a ")
                    + role.get().word() + ", so nothing was done; please ask a " + needed.word() + ".");
        }
        String key = request.personId() == null || request.personId().isBlank() ? request.personEmail()
                : request.personId();
        AccessStore.Refusal refusal = store.refusal(key, now, REFUSAL_INTERVAL);
        if (!refusal.answer()) {
            LOG.info("{} (not an analyst or responder) tried {} again within the hour; not answered",
                    request.personEmail(), what);
            return Reply.none();
        }
        LOG.info("{} (person {}) is not an analyst or responder; refused {}", request.personEmail(), request.personId(),
                what);
        store.log(new AccessStore.Entry(now, request.personId(), request.personEmail(), request.roomId(), what,
                needed.word(), "refused: not an analyst or responder" + (refusal.silenced() == 0 ? ""
                : "; " + refusal.silenced() + " more attempt(s) since the previous refusal were not answered")));
        return Reply.text(REFUSAL);
    }

    /** "/quarantine" stays as typed; "button contain.confirm" becomes "That button". */
    private static String label(String what) {
        return what.startsWith("button") ? "That button" : what;
    }
}
