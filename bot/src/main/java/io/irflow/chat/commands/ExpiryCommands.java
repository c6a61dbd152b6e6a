package io.irflow.chat.commands;

import io.irflow.cards.ExpiryCards;
import io.irflow.cards.Markdown;
import io.irflow.cards.Words;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;
import io.irflow.contain.Actor;
import io.irflow.contain.Expiries;
import io.irflow.contain.Expiry;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * When containments end: {@code /extend <target> <length|none>}, and the Extend and Keep buttons of the expiry
 * reminder (which carry only the reminder's reference; the containment is looked up server-side).
 */
public final class ExpiryCommands {
    private final Expiries expiries;
    private final Supplier<Words> words;

    public ExpiryCommands(Expiries expiries, Supplier<Words> words) {
        this.expiries = expiries;
        this.words = words;
    }

    /** Registers {@code /extend} and the reminder's buttons. */
    public void register(Router router) {
        router.command(new Command("extend", List.of(), "/extend <target> <4h|90m|2d|none>",
                "Move when a containment irflow will undo ends (later by that much), or keep it (none).",
                Role.RESPONDER, this::extend));
        router.action(ActionIds.CONTAIN_EXTEND, Role.RESPONDER, this::pressExtend);
        router.action(ActionIds.CONTAIN_KEEP, Role.RESPONDER,
                r -> Reply.text(ExpiryCards.changed(expiries.keep(r.input(ActionIds.REF), actor(r)), "", words.get())));
    }

    private Reply extend(MessageRequest r, String args) {
        String[] parts = args.strip().split("\\s+");
        if (parts.length != 2) {
            return Reply.text("Tell me what and how much longer, e.g. `/extend WKS-0042 4h` (or `90m`, `2d`), or "
                    + "`/extend WKS-0042 none` to keep it until undone.");
        }
        Optional<Duration> by;
        try {
            by = Expiry.parse(parts[1]);
        } catch (Expiry.Invalid e) {
            return Reply.text(e.getMessage() + " Nothing was changed.");
        }
        Actor actor = new Actor(r.personId(), r.personEmail(), r.roomId());
        return Reply.text(ExpiryCards.changed(expiries.extend(parts[0], by, actor), parts[0], words.get()));
    }

    private Reply pressExtend(CardActionRequest r) {
        String by = r.input(ActionIds.BY);
        if (!ActionIds.EXTEND_CHOICES.contains(by)) {
            return Reply.text("That button does not say by how much (" + Markdown.code(Markdown.truncate(by, 20))
                    + "). Nothing was changed; use `/extend <target> 4h`.");
        }
        Duration d = Expiry.parse(by).orElseThrow();
        return Reply.text(ExpiryCards.changed(expiries.extend(r.input(ActionIds.REF), d, actor(r)), "", words.get()));
    }

    private static Actor actor(CardActionRequest r) {
        return new Actor(r.personId(), r.personEmail(), r.roomId());
    }
}
