package io.irflow.chat.commands;

import io.irflow.cards.Card;
import io.irflow.cards.ContainmentCards;
import io.irflow.cards.Markdown;
import io.irflow.cards.Page;
import io.irflow.cards.UsedButtonText;
import io.irflow.cards.Words;
import io.irflow.cards.PreviewCards;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;
import io.irflow.contain.Actor;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Expiry;
import io.irflow.contain.Outcome;
import io.irflow.contain.PendingAction;
import io.irflow.contain.Preview;
import io.irflow.contain.Previews;
import io.irflow.contain.Targets;
import io.irflow.investigate.HostNames;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.ObservableParser;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Containment from chat: {@code /quarantine}, {@code /unquarantine}, {@code /isolate}, {@code /release},
 * {@code /block}, {@code /unblock}, {@code /contained}, {@code /audit}, and the press/confirm/cancel buttons. Targets
 * typed as host names or IPs are resolved through the products (MACs for ISE, connector guids for AMP); when that is
 * ambiguous the bot asks which one instead of guessing. A typed name that may mean several computers ({@code web01}
 * for {@code web01.corp.example.com} and {@code web01.lab.example.com}, see {@link HostNames}) is refused with the
 * candidates, so the responder names the one meant; a known computer's FQDN under a public suffix is taken as a host.
 * Every containment command takes {@code --dry-run} ({@link DryRunFlag}): all the steps, no product call.
 */
public final class ContainmentCommands {
    private static final int MAX_CHOICES = 5;

    private final ContainmentService service;
    private final Investigation investigation;
    private final ObservableParser parser;
    private final Map<ContainmentKind, String> productDetails;
    private final boolean requireApproval;
    private final Clock clock;
    private final HostNames hostNames;
    private final java.util.function.Supplier<io.irflow.cards.Words> words;
    private final java.util.function.BiConsumer<String, String> resultCards;
    private final Previews previews;

    /** @param productDetails per action, the product setting worth stating on the confirmation (e.g. the ANC policy) */
    public ContainmentCommands(ContainmentService service, Investigation investigation, ObservableParser parser,
                               Map<ContainmentKind, String> productDetails, boolean requireApproval, Clock clock) {
        this(service, investigation, parser, productDetails, requireApproval, clock, null);
    }

    /** As above, with the products that list computers by name (null: names are taken as the parser reads them). */
    public ContainmentCommands(ContainmentService service, Investigation investigation, ObservableParser parser,
                               Map<ContainmentKind, String> productDetails, boolean requireApproval, Clock clock,
                               HostNames hostNames) {
        this(service, investigation, parser, productDetails, requireApproval, clock, hostNames,
                () -> io.irflow.cards.Words.utc(clock.instant()));
    }

    /** As above, with the team's vocabulary for times ({@code Core.words()}). */
    public ContainmentCommands(ContainmentService service, Investigation investigation, ObservableParser parser,
                               Map<ContainmentKind, String> productDetails, boolean requireApproval, Clock clock,
                               HostNames hostNames, java.util.function.Supplier<io.irflow.cards.Words> words) {
        this(service, investigation, parser, productDetails, requireApproval, clock, hostNames, words,
                (ref, card) -> { }, null);
    }

    /**
     * As above; {@code resultCards} is told (action reference, card message id) of every confirm press, so notes
     * about the action that come later (its verification) go to the thread its result went to; {@code previews}
     * gives the impact preview every confirmation card shows (null: none).
     */
    public ContainmentCommands(ContainmentService service, Investigation investigation, ObservableParser parser,
                               Map<ContainmentKind, String> productDetails, boolean requireApproval, Clock clock,
                               HostNames hostNames, java.util.function.Supplier<io.irflow.cards.Words> words,
                               java.util.function.BiConsumer<String, String> resultCards, Previews previews) {
        this.words = words;
        this.resultCards = resultCards;
        this.previews = previews;
        this.hostNames = hostNames;
        this.service = service;
        this.investigation = investigation;
        this.parser = parser;
        this.productDetails = Map.copyOf(productDetails);
        this.requireApproval = requireApproval;
        this.clock = clock;
    }

    /** Registers the commands for the configured actions, and the buttons; nothing when no action is configured. */
    public void register(Router router) {
        if (java.util.Arrays.stream(ContainmentKind.values()).noneMatch(service::available)) {
            return;
        }
        if (service.available(ContainmentKind.QUARANTINE)) {
            router.command(command("quarantine", "/quarantine <host|ip|mac> [--for 4h] [--dry-run]",
                    "Cut a host off the network with ISE (Adaptive Network Control); --for undoes it after that long.",
                    ContainmentKind.QUARANTINE, false));
            router.command(command("unquarantine", "/unquarantine <host|ip|mac> [--dry-run]", "Let a quarantined host back on the network.",
                    ContainmentKind.QUARANTINE, true));
        }
        if (service.available(ContainmentKind.ISOLATE)) {
            router.command(command("isolate", "/isolate <host|ip> [--for 4h] [--dry-run]",
                    "Isolate a computer with AMP for Endpoints; --for undoes it after that long.",
                    ContainmentKind.ISOLATE, false));
            router.command(command("release", "/release <host|ip> [--dry-run]", "End an AMP for Endpoints isolation.",
                    ContainmentKind.ISOLATE, true));
        }
        if (service.available(ContainmentKind.BLOCK_DOMAIN) || service.available(ContainmentKind.BLOCK_HASH)) {
            router.command(new Command("block", List.of(), "/block <domain|url|sha256> [--for 4h] [--dry-run]",
                    "Block a domain with Umbrella or a file hash with AMP for Endpoints; --for undoes it after that "
                    + "long.", Role.RESPONDER, (r, a) -> block(r, a, false)));
            router.command(new Command("unblock", List.of(), "/unblock <domain|url|sha256> [--dry-run]",
                    "Undo a block.", Role.RESPONDER, (r, a) -> block(r, a, true)));
        }
        router.command(new Command("contained", List.of(), "/contained [page N|--all]",
                "What irflow holds quarantined, isolated or blocked, with undo buttons (20 at a time).",
                Role.ANALYST, this::contained));
        router.command(new Command("audit", List.of(), "/audit [N|page N|--all]",
                "The containment steps, newest first (20 at a time; N of them, or --all for up to 50).",
                Role.ANALYST, this::audit));
        router.action(ActionIds.CONTAIN_PRESS, Role.RESPONDER,
                r -> render(service.press(r.input(ActionIds.REF), actor(r)), actor(r)));
        router.action(ActionIds.CONTAIN_CONFIRM, Role.RESPONDER, this::confirm);
        router.action(ActionIds.CONTAIN_CANCEL, Role.RESPONDER,
                r -> render(service.cancel(r.input(ActionIds.REF), actor(r)), actor(r)));
    }

    private Command command(String name, String usage, String description, ContainmentKind kind, boolean undo) {
        return new Command(name, List.of(), usage, description, Role.RESPONDER, (r, args) -> host(r, args, kind, undo));
    }

    /** Confirm, with the expiry the card's picker shows (absent on approval cards: what was asked stays). */
    private Reply confirm(CardActionRequest r) {
        String picked = r.input(ActionIds.EXPIRY);
        java.util.Optional<java.time.Duration> hold = null;
        if (!picked.isBlank()) {
            try {
                hold = Expiry.parse(picked);
            } catch (Expiry.Invalid e) {
                return Reply.text("That expiry cannot be used: " + e.getMessage() + " Nothing was done.");
            }
        }
        Outcome o = service.confirm(r.input(ActionIds.REF), actor(r), hold);
        if (o.action() != null && o.result() != null) {
            resultCards.accept(o.action().ref(), r.messageId());
        }
        return render(o, actor(r));
    }

    /**
     * {@code --for 4h} taken out of a command.
     *
     * @throws Expiry.Invalid when it is not a length irflow takes, or given to an undo
     */
    private static Expiry.Typed expiry(String args, ContainmentKind kind, boolean undo) {
        Expiry.Typed typed = Expiry.strip(args);
        if (undo && typed.hold().isPresent()) {
            throw new Expiry.Invalid("`--for` sets when a containment ends; an undo (" + kind.undoVerb()
                    + ") takes none.");
        }
        return typed;
    }

    private Reply host(MessageRequest r, String allArgs, ContainmentKind kind, boolean undo) {
        DryRunFlag flag = DryRunFlag.of(allArgs);
        Expiry.Typed asked;
        try {
            asked = expiry(flag.args(), kind, undo);
        } catch (Expiry.Invalid e) {
            return Reply.text(e.getMessage() + " Nothing was done.");
        }
        String args = asked.rest();
        java.time.Duration hold = asked.hold().orElse(null);
        List<Observable> parsed = parser.parse(args).observables();
        if (parsed.size() == 1 && hostNames != null && HostNames.applies(parsed.get(0))) {
            Observable typed = parsed.get(0);
            long now = System.nanoTime();
            HostNames.Resolution names = hostNames.resolve(typed, false,
                    HostNames.budgetEnd(now, investigation.perSource(), investigation.deadline()));
            if (names.ambiguous()) {
                return Reply.text(ambiguous(names, kind, undo));
            }
            if (names.known() && typed.type() == ObservableType.DOMAIN) {
                parsed = List.of(new Observable(ObservableType.HOSTNAME, typed.value()));
            }
        }
        if (parsed.size() != 1 || !Set.of(ObservableType.HOSTNAME, ObservableType.IPV4, ObservableType.IPV6, ObservableType.MAC)
                .contains(parsed.get(0).type()) || (kind == ContainmentKind.ISOLATE && parsed.get(0).type() == ObservableType.MAC)) {
            return Reply.text("Tell me one host to " + (undo ? kind.undoVerb() : kind.verb()) + ": "
                    + (kind == ContainmentKind.ISOLATE ? "a host name or IP" : "a host name, IP or MAC address")
                    + ", e.g. `/" + (undo ? kind.undoVerb() : kind.verb()) + " WKS-0042`.");
        }
        Observable o = parsed.get(0);
        List<Targets.Target> targets = o.type() == ObservableType.MAC
                ? List.of(new Targets.Target(kind, o.value(), o.value()))
                : Targets.from(investigation.run(o, false), Set.of(kind));
        Actor actor = actor(r);
        if (targets.isEmpty()) {
            return Reply.text("I could not find " + (kind == ContainmentKind.QUARANTINE ? "a MAC address" : "an AMP computer")
                    + " for " + Markdown.code(o.value()) + " in the configured products, so nothing was done.");
        }
        if (targets.size() == 1) {
            Targets.Target t = targets.get(0);
            return render(service.request(kind, undo, t.target(), t.label(), actor, flag.dryRun(), hold), actor);
        }
        return Reply.card(choice(o.value(), targets, undo, r.roomId(), actor.email(), flag.dryRun(), hold));
    }

    /** The refusal for a name that may mean several computers, naming every one. */
    private static String ambiguous(HostNames.Resolution names, ContainmentKind kind, boolean undo) {
        String verb = undo ? kind.undoVerb() : kind.verb();
        List<String> each = names.candidates().stream().map(Markdown::code).toList();
        return Markdown.code(names.asked()) + " may mean " + each.size() + " computers"
                + (names.sources().isEmpty() ? "" : " in " + Markdown.escape(String.join(", ", names.sources())))
                + ": " + String.join(", ", each) + ". Nothing was done. Say which one, e.g. `/" + verb + " "
                + names.candidates().get(0) + "`.";
    }

    private Reply block(MessageRequest r, String allArgs, boolean undo) {
        DryRunFlag flag = DryRunFlag.of(allArgs);
        Expiry.Typed typed;
        try {
            typed = expiry(flag.args(), ContainmentKind.BLOCK_DOMAIN, undo);
        } catch (Expiry.Invalid e) {
            return Reply.text(e.getMessage() + " Nothing was done.");
        }
        String args = typed.rest();
        java.time.Duration hold = typed.hold().orElse(null);
        List<Observable> parsed = parser.parse(args).observables();
        if (parsed.size() != 1) {
            return Reply.text("Tell me one domain, URL or SHA-256 to " + (undo ? "unblock" : "block") + ", e.g. `/block bad.example`.");
        }
        Observable o = parsed.get(0);
        ContainmentKind kind = o.type() == ObservableType.SHA256 ? ContainmentKind.BLOCK_HASH : ContainmentKind.BLOCK_DOMAIN;
        if (o.type() != ObservableType.SHA256 && o.type() != ObservableType.DOMAIN && o.type() != ObservableType.URL) {
            return Reply.text("I can block domains, URLs (their domain) and SHA-256 hashes; " + Markdown.code(o.value())
                    + " is none of these.");
        }
        String target = o.type() == ObservableType.URL ? java.net.URI.create(o.value()).getHost() : o.value();
        return render(service.request(kind, undo, target, target, actor(r), flag.dryRun(), hold), actor(r));
    }

    private Reply contained(MessageRequest r, String args) {
        List<ContainedTargetStore.Row> all = service.contained();
        java.util.Optional<Page> page = PageArgs.parse(args, all.size());
        if (page.isEmpty()) {
            return Reply.text(PageArgs.usage("contained"));
        }
        List<ContainedTargetStore.Row> rows = page.get().slice(all);
        List<PendingAction> undos = new ArrayList<>();
        for (ContainedTargetStore.Row row : rows.stream().limit(Cards.MAX_ACTIONS).toList()) {
            if (service.available(row.kind())) {
                undos.add(service.offer(row.kind(), true, row.target(), row.targetLabel(), r.roomId(), r.personEmail()));
            }
        }
        return Reply.card(ContainmentCards.contained(rows, page.get(), undos, words(), service.drifts()));
    }

    private Reply audit(MessageRequest r, String args) {
        java.util.Optional<Page> page = PageArgs.parse(args, service.auditCount());
        if (page.isEmpty()) {
            return Reply.text(PageArgs.usage("audit"));
        }
        Page p = page.get();
        return Reply.card(ContainmentCards.audit(service.audit(p.from(), p.size()), p));
    }

    private Card choice(String asked, List<Targets.Target> targets, boolean undo, String roomId, String email,
                        boolean dryRun, java.time.Duration hold) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> buttons = new ArrayList<>();
        for (Targets.Target t : targets.stream().limit(MAX_CHOICES).toList()) {
            PendingAction offer = service.offer(t.kind(), undo, t.target(), t.label(), roomId, email, dryRun, hold);
            buttons.add(ContainmentCards.button(Markdown.truncate(t.label(), 40), ActionIds.CONTAIN_PRESS, offer.ref()));
        }
        String verb = undo ? targets.get(0).kind().undoVerb() : targets.get(0).kind().verb();
        String text = (dryRun || service.dryRun() ? ContainmentCards.DRY_RUN + ": " : "") + Markdown.escape(asked)
                + " matches " + targets.size() + " " + targets.get(0).kind().targetName()
                + "es. Which one should I " + verb + "?";
        return new Card(Cards.card(List.of(Cards.colored("Which one?", "Warning"), Cards.text(text)), buttons), text);
    }

    /** Turns the service's decision into what the room sees. */
    Reply render(Outcome o, Actor actor) {
        PendingAction a = o.action();
        return switch (o.type()) {
            case CONFIRM -> Reply.card(PreviewCards.withPreview(ContainmentCards.confirm(a,
                    productDetails.getOrDefault(a.kind(), ""), words(), requireApproval || !o.message().isBlank(),
                    o.message(), a.undo() ? java.util.Optional.empty() : service.hold(a.ref())),
                    a, previews == null ? Preview.NONE : previews.of(a)));
            case AWAITING_APPROVAL -> Reply.card(ContainmentCards.awaitingApproval(a, actor.email(), o.message()));
            case EXECUTED, ALREADY -> {
                String detail = o.result() == null ? o.message() : o.result().detail();
                Reply done = Reply.card(ContainmentCards.done(a, actor.email(), o.type() == Outcome.Type.EXECUTED
                        ? withExpiry(detail, a) : detail, o.undo(), o.type() == Outcome.Type.ALREADY));
                if (o.result() != null && o.result().unlockCode() != null) {
                    done = done.and(new Reply.Direct(actor.personId(), "AMP unlock code for " + Markdown.escape(a.targetLabel())
                            + ": `" + o.result().unlockCode().replace("`", "") + "` (sent only to you)."));
                }
                yield done;
            }
            case DRY_RUN -> Reply.card(ContainmentCards.dryRun(a, actor.email(), o.message()));
            case FAILED -> Reply.text("Could not " + a.verb() + " **" + Markdown.escape(a.targetLabel()) + "** via "
                    + Markdown.escape(a.product()) + ": " + Markdown.escape(o.message(), 300));
            case CANCELLED -> Reply.text("Cancelled: " + a.verb() + " " + Markdown.escape(a.targetLabel())
                    + (a.dryRun() ? " (" + ContainmentCards.DRY_RUN.toLowerCase() + ")" : "") + ".");
            case INVALID_REFERENCE -> Reply.text(o.used() == null ? o.message()
                    : UsedButtonText.render(o.used(), words()));
            case NOT_RESPONDER, WRONG_ROOM, NOT_CONFIGURED -> Reply.text(o.message());
        };
    }

    private Words words() {
        return words.get();
    }

    /** The result's words, and when irflow undoes it if it was held for a while ({@code --for}, the picker). */
    private String withExpiry(String detail, PendingAction a) {
        if (a.undo()) {
            return detail;
        }
        return service.hold(a.ref()).map(hold -> {
            io.irflow.cards.Words w = words.get();
            java.time.Instant until = w.now().plus(hold);
            return (detail == null || detail.isBlank() ? "" : detail + " · ") + "irflow undoes it at "
                    + w.absolute(until) + " (" + w.until(until) + ") unless a responder extends it";
        }).orElse(detail);
    }

    private static Actor actor(MessageRequest r) {
        return new Actor(r.personId(), r.personEmail(), r.roomId());
    }

    private static Actor actor(CardActionRequest r) {
        return new Actor(r.personId(), r.personEmail(), r.roomId());
    }
}
