package io.irflow.chat;

import java.util.List;
import java.util.function.Predicate;

/**
 * A registered command.
 *
 * @param name          the word typed, lower-case, without the slash
 * @param aliases       other words for it
 * @param usage         how to call it, e.g. "/investigate &lt;host|ip|domain|url|hash&gt;"
 * @param description   one line for the help card
 * @param role          who may run it; the router refuses everyone else before the handler runs
 * @param handler       what answers it
 * @param responderWhen for a read-only command with a state-changing form (e.g. {@code /alerts pause}): the
 *                      arguments that need a responder; null when the role never changes
 */
public record Command(String name, List<String> aliases, String usage, String description, Role role,
                      CommandHandler handler, Predicate<String> responderWhen) {
    public Command {
        aliases = List.copyOf(aliases);
    }

    /** A command whose role does not depend on its arguments. */
    public Command(String name, List<String> aliases, String usage, String description, Role role,
                   CommandHandler handler) {
        this(name, aliases, usage, description, role, handler, null);
    }

    /** This command, needing a responder when its arguments match. */
    public Command responderWhen(Predicate<String> args) {
        return new Command(name, aliases, usage, description, role, handler, args);
    }

    /** The role needed for these arguments (never less than {@link #role()}). */
    public Role needs(String args) {
        return responderWhen != null && responderWhen.test(args) ? Role.RESPONDER : role;
    }
}
