package io.irflow.chat.commands;

import io.irflow.cards.Card;
import io.irflow.cards.ContainmentCards;
import io.irflow.cards.Markdown;
import io.irflow.cards.Page;
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
        this(service, investigation, parser, productDetails, requireApproval, clock, hostNames, null);
    }

    /** As above, with the impact preview every confirmation card shows (null: none). */
    public ContainmentCommands(ContainmentService service, Investigation investigation, ObservableParser parser,
                               Map<ContainmentKind, String> productDetails, boolean requireApproval, Clock clock,
                               HostNames hostNames, Previews previews) {
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
            router.command(command("quarantine", "/quarantine <host|ip|mac> [--dry-run]",
                    "Cut a host off the network (ISE ANC); asks to confirm.",
                    ContainmentKind.QUARANTINE, false));
            router.command(command("unquarantine", "/unquarantine <host|ip|mac> [--dry-run]",
                    "Undo a quarantine; asks to confirm.",
                    ContainmentKind.QUARANTINE, true));
        }
        if (service.available(ContainmentKind.ISOLATE)) {
            router.command(command("isolate", "/isolate <host|ip> [--dry-run]",
                    "Isolate a computer with AMP; asks to confirm.",
                    ContainmentKind.ISOLATE, false));
            router.command(command("release", "/release <host|ip> [--dry-run]",
                    "Stop an AMP isolation; asks to confirm.",
                    ContainmentKind.ISOLATE, true));
        }
        if (service.available(ContainmentKind.BLOCK_DOMAIN) || service.available(ContainmentKind.BLOCK_HASH)) {
            router.command(new Command("block", List.of(), "/block <domain|url|sha256> [--dry-run]",
                    "Block a domain (Umbrella) or a file hash (AMP); asks to confirm.", Role.RESPONDER, (r, a) -> block(r, a, false)));
            router.command(new Command("unblock", List.of(), "/unblock <domain|url|sha256> [--dry-run]",
                    "Undo a block; asks to confirm.", Role.RESPONDER, (r, a) -> block(r, a, true)));
        }
        router.command(new Command("contained", List.of(), "/contained [page N|--all]",
                "What irflow holds quarantined, isolated or blocked, with undo buttons (20 at a time).",
                Role.ANALYST, this::contained));
        router.command(new Command("audit", List.of(), "/audit [N|page N|--all]",
                "The containment steps, newest first (20 at a time; N of them, or --all for up to 50).",
                Role.ANALYST, this::audit));
        router.action(ActionIds.CONTAIN_PRESS, Role.RESPONDER,
                r -> render(service.press(r.input(ActionIds.REF), actor(r)), actor(r)));
        router.action(ActionIds.CONTAIN_CONFIRM, Role.RESPONDER,
                r -> render(service.confirm(r.input(ActionIds.REF), actor(r)), actor(r)));
        router.action(ActionIds.CONTAIN_CANCEL, Role.RESPONDER,
                r -> render(service.cancel(r.input(ActionIds.REF), actor(r)), actor(r)));
    }

    private Command command(String name, String usage, String description, ContainmentKind kind, boolean undo) {
        return new Command(name, List.of(), usage, description, Role.RESPONDER, (r, args) -> host(r, args, kind, undo));
    }

    private Reply host(MessageRequest r, String words, ContainmentKind kind, boolean undo) {
        DryRunFlag flag = DryRunFlag.of(words);
        String args = flag.args();
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
            return render(service.request(kind, undo, t.target(), t.label(), actor, flag.dryRun()), actor);
        }
        return Reply.card(choice(o.value(), targets, undo, r.roomId(), actor.email(), flag.dryRun()));
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

    private Reply block(MessageRequest r, String words, boolean undo) {
        DryRunFlag flag = DryRunFlag.of(words);
        String args = flag.args();
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
        return render(service.request(kind, undo, target, target, actor(r), flag.dryRun()), actor(r));
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
        return Reply.card(ContainmentCards.contained(rows, page.get(), undos));
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
                        boolean dryRun) {
        List<com.fasterxml.jackson.databind.node.ObjectNode> buttons = new ArrayList<>();
        for (Targets.Target t : targets.stream().limit(MAX_CHOICES).toList()) {
            PendingAction offer = service.offer(t.kind(), undo, t.target(), t.label(), roomId, email, dryRun);
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
                    productDetails.getOrDefault(a.kind(), ""), clock.instant(),
                    requireApproval || !o.message().isBlank(), o.message()),
                    a, previews == null ? Preview.NONE : previews.of(a)));
            case AWAITING_APPROVAL -> Reply.card(ContainmentCards.awaitingApproval(a, actor.email(), o.message()));
            case EXECUTED, ALREADY -> {
                Reply done = Reply.card(ContainmentCards.done(a, actor.email(), o.result() == null ? o.message()
                        : o.result().detail(), o.undo(), o.type() == Outcome.Type.ALREADY));
                if (o.result() != null && o.result().unlockCode() != null) {
                    done = done.and(new Reply.Direct(actor.personId(), "AMP unlock code for " + Markdown.escape(a.targetLabel())
                            + ": `" + o.result().unlockCode().replace("`", "") + "` (sent only to you)."));
                }
                yield done;
            }
            case DRY_RUN -> Reply.card(ContainmentCards.dryRun(a, actor.email(), o.message()));
            case FAILED -> Reply.text("Could not " + a.verb() + " **" + Markdown.escape(a.targetLabel()) + "** via "
                    + Markdown.escape(a.product()) + ": " + Markdown.escape(o.message(), 300));
            case CANCELLED -> Reply.text("Cancelled: " + a.verb() + " " + Markdown.escape(a.targetLabel()) + ".");
            case NOT_RESPONDER, INVALID_REFERENCE, WRONG_ROOM, NOT_CONFIGURED -> Reply.text(o.message());
        };
    }

    private static Actor actor(MessageRequest r) {
        return new Actor(r.personId(), r.personEmail(), r.roomId());
    }

    private static Actor actor(CardActionRequest r) {
        return new Actor(r.personId(), r.personEmail(), r.roomId());
    }
}
