package io.irflow.chat;

import java.util.List;

/**
 * A registered command.
 *
 * @param name        the word typed, lower-case, without the slash
 * @param aliases     other words for it
 * @param usage       how to call it, e.g. "/investigate &lt;host|ip|domain|url|hash&gt;"
 * @param description one line for the help card
 * @param handler     what answers it
 */
public record Command(String name, List<String> aliases, String usage, String description, CommandHandler handler) {
    public Command {
        aliases = List.copyOf(aliases);
    }
}
