package io.irflow.chat;

import io.irflow.cards.Markdown;
import io.irflow.config.Closest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Routes messages to commands ({@code /name args} or {@code name args}, case-insensitive) and button presses to
 * action handlers (by the {@code action} key of the button's data). Registration is typed and strict: a duplicate
 * name, alias or action id, or one without a {@link Role}, fails at start-up. Every request passes through the
 * middleware (Bolt-style, in the order added) before its handler runs: that is where access is decided
 * ({@link AccessMiddleware}), once, for every command and button. Unknown commands, unknown buttons and bare mentions
 * need {@link Role#ANALYST}.
 */
public final class Router {
    private static final Logger LOG = LoggerFactory.getLogger(Router.class);
    /** The key in a Submit button's data that names its handler. */
    public static final String ACTION_KEY = "action";
    /** Longer messages are refused rather than parsed. */
    public static final int MAX_TEXT = 2000;

    private final Map<String, Command> byWord = new LinkedHashMap<>();
    private final List<Command> commands = new ArrayList<>();
    private final Map<String, ActionHandler> actions = new LinkedHashMap<>();
    private final Map<String, Role> actionRoles = new LinkedHashMap<>();
    private final List<Middleware> middleware = new ArrayList<>();
    private CommandHandler fallback = (request, args) -> Reply.none();
    private java.util.function.Predicate<String> pastedApplies = text -> false;
    private CommandHandler pasted;

    /**
     * Runs before every handler, with what the request needs; it either answers itself (a refusal) or calls
     * {@code next}.
     */
    @FunctionalInterface
    public interface Middleware {
        /**
         * @param request what the person did
         * @param what    a short label for logs and the access log, e.g. "/quarantine" or "button contain.confirm"
         * @param needed  the role the command or button declared
         * @param next    the rest of the chain, ending with the handler
         */
        Reply handle(ChatRequest request, String what, Role needed, java.util.function.Supplier<Reply> next);
    }

    /** Adds a middleware; they run in the order added. */
    public Router use(Middleware m) {
        middleware.add(java.util.Objects.requireNonNull(m));
        return this;
    }

    /** Registers a command under its name and aliases; it must declare its role. */
    public Router command(Command command) {
        if (command.role() == null) {
            throw new IllegalStateException("command '" + command.name() + "' declares no role");
        }
        List<String> words = new ArrayList<>();
        words.add(command.name());
        words.addAll(command.aliases());
        for (String w : words) {
            String key = w.toLowerCase();
            if (byWord.containsKey(key)) {
                throw new IllegalStateException("command word '" + key + "' is registered twice");
            }
        }
        words.forEach(w -> byWord.put(w.toLowerCase(), command));
        commands.add(command);
        return this;
    }

    /** Registers the handler for button presses whose data carries {@code action: actionId}, and who may press. */
    public Router action(String actionId, Role role, ActionHandler handler) {
        if (role == null) {
            throw new IllegalStateException("card action '" + actionId + "' declares no role");
        }
        if (actions.putIfAbsent(actionId, handler) != null) {
            throw new IllegalStateException("card action '" + actionId + "' is registered twice");
        }
        actionRoles.put(actionId, role);
        return this;
    }

    /** The registered card actions and the role each needs, in registration order. */
    public Map<String, Role> actions() {
        return java.util.Collections.unmodifiableMap(new LinkedHashMap<>(actionRoles));
    }

    /** What an empty message (a bare mention) gets; usually the help card. */
    public Router whenEmpty(CommandHandler handler) {
        this.fallback = handler;
        return this;
    }

    /**
     * Answers text whose first word is no command and has no leading '/', i.e. text pasted from elsewhere (an
     * analyst's sentence, a log line), when {@code applies} says the text is worth it; otherwise such text gets the
     * unknown-command answer. A mistyped {@code /command} always gets that answer.
     */
    public Router pasted(java.util.function.Predicate<String> applies, CommandHandler handler) {
        this.pastedApplies = java.util.Objects.requireNonNull(applies);
        this.pasted = java.util.Objects.requireNonNull(handler);
        return this;
    }

    /** The registered commands, in registration order. */
    public List<Command> commands() {
        return List.copyOf(commands);
    }

    /** Answers a message: the middleware first, with the role the command needs for its arguments. */
    public Reply route(MessageRequest request) {
        String text = request.text() == null ? "" : request.text().strip();
        String[] split = text.split("\\s+", 2);
        String word = split[0].startsWith("/") ? split[0].substring(1) : split[0];
        Command command = text.isEmpty() || text.length() > MAX_TEXT ? null : byWord.get(word.toLowerCase());
        String args = split.length > 1 ? split[1].strip() : "";
        Role needed = command == null ? Role.ANALYST : command.needs(args);
        String what = command == null ? "message" : "/" + command.name()
                + (needed == command.role() ? "" : " " + Markdown.truncate(args.split("\\s+", 2)[0], 40));
        return guarded(request, what, needed, 0, () -> dispatch(request, text));
    }

    private Reply dispatch(MessageRequest request, String text) {
        if (text.length() > MAX_TEXT) {
            LOG.info("refused a {}-character message from {}", text.length(), request.personEmail());
            return Reply.text("That message is " + text.length() + " characters long; I only read commands up to "
                    + MAX_TEXT + " characters. Please send something shorter.");
        }
        if (text.isEmpty()) {
            return safely("(empty)", () -> fallback.handle(request, ""));
        }
        String[] split = text.split("\\s+", 2);
        String word = split[0].startsWith("/") ? split[0].substring(1) : split[0];
        String key = word.toLowerCase();
        String args = split.length > 1 ? split[1].strip() : "";
        Command command = byWord.get(key);
        if (command == null && pasted != null && !split[0].startsWith("/") && pastedApplies.test(text)) {
            LOG.info("no command word in a message from {}: reading it as pasted text", request.personEmail());
            return safely("pasted text", () -> pasted.handle(request, text));
        }
        if (command == null) {
            LOG.info("unknown command '{}' from {}", Markdown.truncate(word, 40), request.personEmail());
            String hint = Closest.to(key, byWord.keySet()).map(c -> " Did you mean **/" + c + "**?").orElse("");
            return Reply.text("I don't know the command " + Markdown.code(word) + "." + hint
                    + " Type **help** to see what I can do.");
        }
        return safely(command.name(), () -> command.handler().handle(request, args));
    }

    /** Answers a button press: the middleware first, with the role the button declared. */
    public Reply route(CardActionRequest request) {
        ActionHandler handler = actions.get(request.actionId());
        Role needed = actionRoles.getOrDefault(request.actionId(), Role.ANALYST);
        String what = handler == null ? "button" : "button " + request.actionId();
        return guarded(request, what, needed, 0, () -> {
            if (handler == null) {
                LOG.warn("card action '{}' from {} has no handler", Markdown.truncate(request.actionId(), 40),
                        request.personEmail());
                return Reply.text("That button is not something I can act on (any more). Type **help** to see what I can do.");
            }
            return safely("action " + request.actionId(), () -> handler.handle(request));
        });
    }

    /** Runs middleware {@code i} onwards, then the handler. */
    private Reply guarded(ChatRequest request, String what, Role needed, int i, java.util.function.Supplier<Reply> handler) {
        if (i == middleware.size()) {
            return handler.get();
        }
        return safely("access check for " + what, () -> middleware.get(i).handle(request, what, needed,
                () -> guarded(request, what, needed, i + 1, handler)));
    }

    private static Reply safely(String what, java.util.function.Supplier<Reply> work) {
        try {
            Reply reply = work.get();
            return reply == null ? Reply.none() : reply;
        } catch (RuntimeException e) {
            String reference = UUID.randomUUID().toString().substring(0, 8);
            LOG.error("{} failed (reference {})", what, reference, e);
            return Reply.text("Sorry, that failed on my side. The team can find the details in my log under reference **"
                    + reference + "**.");
        }
    }
}
