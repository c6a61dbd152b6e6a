package io.irflow.chat.commands;

import io.irflow.cards.Markdown;
import io.irflow.chat.AccessStore;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;

import java.time.temporal.ChronoUnit;
import java.util.List;

/** {@code /access [N]}: the last refusals (outsiders, analysts who tried a responder's action, rooms not enabled). */
public final class AccessCommand {
    static final int DEFAULT = 10;
    static final int MAX = 50;

    private final AccessStore store;

    public AccessCommand(AccessStore store) {
        this.store = store;
    }

    /** The command registration: responders only, since it names who tried what. */
    public Command command() {
        return new Command("access", List.of(), "/access [N]",
                "The last N access refusals: people not on the lists, analysts who tried a responder's action, rooms "
                        + "I am not enabled in.", Role.RESPONDER, this::handle);
    }

    Reply handle(MessageRequest r, String args) {
        int n;
        try {
            n = args.isBlank() ? DEFAULT : Math.max(1, Math.min(MAX, Integer.parseInt(args.strip())));
        } catch (NumberFormatException e) {
            return Reply.text("`/access` takes a number of entries, e.g. `/access 20` (at most " + MAX + ").");
        }
        List<AccessStore.Entry> entries = store.last(n);
        if (entries.isEmpty()) {
            return Reply.text("**Access log**: nobody has been refused.");
        }
        StringBuilder md = new StringBuilder("**Access log** (newest first)");
        for (int i = 0; i < entries.size(); i++) {
            AccessStore.Entry e = entries.get(i);
            String line = "\n- " + e.at().truncatedTo(ChronoUnit.SECONDS) + " · "
                    + (e.personEmail() == null || e.personEmail().isBlank() ? "unknown person"
                    : Markdown.escape(e.personEmail(), 80))
                    + " · " + Markdown.escape(e.attempted(), 80) + " · " + Markdown.escape(e.outcome(), 200);
            // Whole lines only, within one Webex message; the rest is counted.
            if (md.length() + line.length() > Markdown.MAX_TEXT_CHARS - 40) {
                md.append("\n… ").append(entries.size() - i).append(" more (ask for fewer, e.g. `/access 5`)");
                break;
            }
            md.append(line);
        }
        return Reply.text(md.toString());
    }
}
