package io.irflow.chat.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.cards.ContainmentCards;
import io.irflow.cards.HostCandidatesCard;
import io.irflow.cards.InvestigationCard;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.cards.dsl.Cards;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.ContainedTargetStore;
import io.irflow.contain.ContainmentService;
import io.irflow.contain.Ledger;
import io.irflow.contain.PendingAction;
import io.irflow.contain.Targets;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import io.irflow.cards.Markdown;
import io.irflow.cards.Words;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableExtraction;
import io.irflow.capabilities.ObservableType;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.investigate.HostNames;
import io.irflow.investigate.Investigation;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.ObservableParser;
import io.irflow.pictures.FloorMapPictures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.irflow.investigate.FreshQuota;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * {@code /investigate [--fresh] <host|ip|mac|domain|url|hash> ...} (alias {@code /i}): each observable (at most five)
 * gets its own card. Free text (a pasted sentence) is mined for indicators by {@link ObservableParser}, defanged ones
 * included, and what was understood is echoed first ("Understood: domain …, IP …"); file names are named but never
 * looked up. Only when the text yields nothing does it go to Threat Response's inspect API (when configured), whose
 * answers pass the same rules, so a file name it reads as a domain gets no card.
 *
 * <p>Names are checked against the products that list computers ({@link HostNames}, within the investigation's
 * deadline): a name that may mean several computers ({@code web01}: {@code web01.corp.example.com} and
 * {@code web01.lab.example.com}) gets a "Which computer?" card with one button per candidate and no containment
 * button; a domain that is a known computer's FQDN ({@code web01.corp.example.com}) gets two cards, the host card
 * first (host facts, Quarantine/Isolate) and then the domain card (its DNS reputation), which offers no Block: the name
 * is one of ours, so blocking it is left to an explicit {@code /block}.
 */
public final class InvestigateCommands {
    private static final Logger LOG = LoggerFactory.getLogger(InvestigateCommands.class);
    static final String EXAMPLES = "For example: `/investigate WKS-0042`, `/i 203.0.113.7`, `/i example[.]com`, "
            + "`/i hxxps://bad.example/payload`, `/i <sha256>`, `/i aa:bb:cc:dd:ee:ff`. Add `--fresh` to skip the cache.";

    private final ObservableParser parser;
    private final Investigation investigation;
    private final ObservableExtraction extraction;
    private final Executor executor;
    private final ContainmentService containment;
    private final Hooks hooks;
    private final FreshQuota freshQuota;
    private final Clock clock;
    private final HostNames hostNames;
    private final Ledger ledger;
    private final FloorMapPictures floorMaps;
    private final Supplier<Words> words;

    /**
     * What the incident flow adds to investigations: the Open incident button, and the timeline entry when an
     * investigation runs in an incident room. Must not throw.
     */
    public interface Hooks {
        /** The Open incident button for a result's card (carrying only a stored reference), or null for none. */
        ObjectNode openButton(InvestigationResult result, String roomId);

        /** An investigation finished in a room, for someone. */
        void investigated(InvestigationResult result, String roomId, String actor);

        /** No incident flow. */
        Hooks NONE = new Hooks() {
            @Override
            public ObjectNode openButton(InvestigationResult result, String roomId) {
                return null;
            }

            @Override
            public void investigated(InvestigationResult result, String roomId, String actor) {
            }
        };
    }

    /**
     * @param extraction  Threat Response's inspect, or null when it is not configured
     * @param containment offers the containment buttons on cards, or null when nothing can be contained
     */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor, ContainmentService containment) {
        this(parser, investigation, extraction, executor, containment, Hooks.NONE,
                new FreshQuota(Integer.MAX_VALUE, Clock.systemUTC()), Clock.systemUTC());
    }

    /** As above, with the incident flow's hooks and the per-person limit on {@code --fresh}. */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor, ContainmentService containment, Hooks hooks, FreshQuota freshQuota,
                               Clock clock) {
        this(parser, investigation, extraction, executor, containment, hooks, freshQuota, clock, null);
    }

    /** As above, with the products that list computers by name (null: names are taken as the parser reads them). */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor, ContainmentService containment, Hooks hooks, FreshQuota freshQuota,
                               Clock clock, HostNames hostNames) {
        this(parser, investigation, extraction, executor, containment, hooks, freshQuota, clock, hostNames, null);
    }

    /**
     * As above, with the containment ledger: cards show what irflow holds contained on their hosts and offer its
     * undo instead of the action again.
     *
     * @param ledger irflow's containment state per host, or null for none
     */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor, ContainmentService containment, Hooks hooks, FreshQuota freshQuota,
                               Clock clock, HostNames hostNames, Ledger ledger) {
        this(parser, investigation, extraction, executor, containment, hooks, freshQuota, clock, hostNames, ledger,
                () -> Words.utc(clock.instant()), null);
    }

    /**
     * As above, with the presentation vocabulary the cards use for times (the team's zone, as of now), and floor
     * maps: a card whose host is located on a floor is followed in its thread by a picture of the floor with the
     * host's position, fetched within what is left of the investigation's deadline.
     *
     * @param words     the vocabulary as of each card's rendering (e.g. {@code core::words})
     * @param floorMaps draws located hosts on their floor plans, or null for no pictures
     */
    public InvestigateCommands(ObservableParser parser, Investigation investigation, ObservableExtraction extraction,
                               Executor executor, ContainmentService containment, Hooks hooks, FreshQuota freshQuota,
                               Clock clock, HostNames hostNames, Ledger ledger, Supplier<Words> words,
                               FloorMapPictures floorMaps) {
        this.words = words;
        this.floorMaps = floorMaps;
        this.hostNames = hostNames;
        this.ledger = ledger;
        this.hooks = hooks;
        this.freshQuota = freshQuota;
        this.clock = clock;
        this.parser = parser;
        this.investigation = investigation;
        this.extraction = extraction;
        this.executor = executor;
        this.containment = containment;
    }

    /** The command registration. */
    public Command command() {
        return new Command("investigate", List.of("i"), "/investigate [--fresh] <host|ip|mac|domain|url|hash>",
                "Ask every configured product about it, in parallel; one card per observable (up to 5).", Role.ANALYST, this::handle);
    }

    /**
     * Whether text that names no command is worth investigating as pasted: it holds at least one indicator a
     * responder would not type as a word, i.e. anything but a bare host name without a dot ("hello", "thanks" and
     * "WKS-FIN-042 is slow" stay the unknown-command answer, while a sentence with a domain, IP, URL, MAC or hash is
     * investigated with the usual echo of what was understood).
     */
    public boolean worthInvestigating(String text) {
        return parser.parse(text).observables().stream()
                .anyMatch(o -> o.type() != ObservableType.HOSTNAME || o.value().contains("."));
    }

    /** Parses, fans out and renders. */
    public Reply handle(MessageRequest request, String args) {
        boolean fresh = false;
        List<String> words = new ArrayList<>();
        for (String w : args.split("\\s+")) {
            if (w.equalsIgnoreCase("--fresh") || w.equalsIgnoreCase("-f")) {
                fresh = true;
            } else if (!w.isBlank()) {
                words.add(w);
            }
        }
        String text = String.join(" ", words);
        if (text.isBlank()) {
            return Reply.text("What should I investigate? " + EXAMPLES);
        }
        ObservableParser.Parsed parsed = parser.parse(text);
        List<Observable> observables = parsed.observables();
        int dropped = parsed.dropped();
        String note = "";
        boolean freeText = parsed.looksLikeFreeText();
        if (observables.isEmpty() && freeText && extraction != null) {
            Extracted ex = extract(text);
            List<Observable> kept = ex.observables().stream().map(this::reread).filter(o -> o != null).distinct()
                    .toList();
            if (!kept.isEmpty()) {
                observables = kept.stream().limit(ObservableParser.DEFAULT_MAX).toList();
                dropped = Math.max(0, kept.size() - ObservableParser.DEFAULT_MAX);
                note = "Threat Response found " + kept.size() + " observable(s) in your text.";
            } else if (!ex.problem().isEmpty()) {
                note = ex.problem();
            }
        }
        String files = fileNote(parsed.fileNames());
        if (observables.isEmpty()) {
            LOG.info("nothing to investigate in '{}' from {}", Markdown.truncate(text, 80), request.personEmail());
            if (!files.isEmpty() && parsed.unrecognised().isEmpty()) {
                return Reply.text(files + " " + EXAMPLES);
            }
            String unknown = parsed.unrecognised().isEmpty() ? Markdown.code(Markdown.truncate(text, 80))
                    : String.join(", ", parsed.unrecognised().stream().limit(5).map(Markdown::code).toList());
            return Reply.text((note.isEmpty() ? "" : note + " ") + "I can't tell what " + unknown
                    + " is: it is not a host name, IP or MAC address, domain, URL or hash. "
                    + (files.isEmpty() ? "" : files + " ") + EXAMPLES);
        }
        String limited = "";
        if (fresh) {
            FreshQuota.Decision d = freshQuota.take(request.personEmail(), observables.size());
            if (!d.allowed()) {
                fresh = false;
                limited = limitedNote(d, observables.size());
                LOG.info("--fresh refused for {}: {} used of {} per hour", request.personEmail(), d.used(), d.limit());
            }
        }
        Reply reply = runAll(observables, fresh, request.roomId(), request.personEmail());
        List<Reply.Part> first = new ArrayList<>();
        if (freeText) {
            first.add(new Reply.Text(understood(observables.stream().map(this::asFound).toList(), dropped, files)));
        }
        if (!limited.isEmpty()) {
            first.add(new Reply.Text(limited));
        }
        if (!first.isEmpty()) {
            first.addAll(reply.parts());
            reply = new Reply(first);
        }
        List<String> notes = new ArrayList<>();
        if (!note.isEmpty()) {
            notes.add(note);
        }
        if (dropped > 0) {
            notes.add("You gave " + (observables.size() + dropped) + " observables; I looked at the first "
                    + observables.size() + ". Ask again for the rest.");
        }
        if (!parsed.unrecognised().isEmpty() && !freeText) {
            notes.add("I skipped " + String.join(", ", parsed.unrecognised().stream().limit(5).map(Markdown::code).toList())
                    + ": not something I can look up.");
        }
        if (!files.isEmpty() && !freeText) {
            notes.add(files);
        }
        return notes.isEmpty() ? reply : reply.and(new Reply.Text(String.join(" ", notes)));
    }

    /** Why {@code --fresh} was not honoured, when it can be again, and that the answer below is from the cache. */
    private String limitedNote(FreshQuota.Decision d, int asked) {
        String why = "`--fresh` is limited to " + d.limit() + " lookup" + (d.limit() == 1 ? "" : "s")
                + " per person per hour, to keep within the products' API quotas (which the alert poller and "
                + "containment need too)";
        if (d.limit() == 0) {
            return "`--fresh` is turned off here (lookups.fresh_per_hour is 0), so I used the cache. "
                    + "Here is what I have:";
        }
        if (d.nextAt() == null) {
            return why + "; you asked for " + asked + " at once, so I used the cache. Ask for fewer observables with "
                    + "`--fresh`. Here is what I have:";
        }
        long minutes = Math.max(1, (Duration.between(clock.instant(), d.nextAt()).toSeconds() + 59) / 60);
        String at = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC).format(d.nextAt());
        return why + ", and you have used " + d.used() + " in the last hour. You can use `--fresh` for this again at "
                + at + " UTC (in " + minutes + " min). Here is the cached investigation meanwhile:";
    }

    /** Investigates observables for a room (also used by alert cards' Investigate button); one card each. */
    public Reply runAll(List<Observable> observables, boolean fresh, String roomId) {
        return runAll(observables, fresh, roomId, "irflow");
    }

    /** As above, for someone (named on an incident's timeline when the room is an incident room). */
    public Reply runAll(List<Observable> observables, boolean fresh, String roomId, String actor) {
        long startedAt = System.nanoTime();
        List<Planned> planned = plan(observables, fresh, startedAt);
        List<CompletableFuture<InvestigationResult>> runs = planned.stream()
                .map(p -> p.which() != null ? CompletableFuture.<InvestigationResult>completedFuture(null)
                        : CompletableFuture.supplyAsync(() -> investigation.run(p.observable(), fresh, startedAt), executor))
                .toList();
        List<Reply.Part> parts = new ArrayList<>();
        long deadlineAt = startedAt + investigation.deadline().toNanos();
        Set<String> pictured = new java.util.HashSet<>();
        for (int i = 0; i < planned.size(); i++) {
            Planned p = planned.get(i);
            if (p.which() != null) {
                parts.add(new Reply.CardPart(HostCandidatesCard.render(p.which().asked(), p.which().candidates(),
                        p.which().sources())));
                continue;
            }
            InvestigationResult result = runs.get(i).join();
            hooks.investigated(result, roomId, actor);
            List<Ledger.Hold> holds = ledger == null ? List.of() : ledger.holds(result);
            List<ObjectNode> buttons = new ArrayList<>(buttons(result, holds, roomId, p.ourHost()));
            ObjectNode open = hooks.openButton(result, roomId);
            if (open != null) {
                if (buttons.size() >= InvestigationCard.MAX_BUTTONS) {
                    buttons.remove(buttons.size() - 1);
                }
                buttons.add(open);
            }
            parts.add(new Reply.CardPart(InvestigationCard.render(result, holds.stream().map(Ledger.Hold::row).toList(),
                    buttons, words.get())));
            floorMap(result, deadlineAt, pictured).ifPresent(parts::add);
        }
        return new Reply(parts);
    }

    /**
     * The floor-map picture of a result's located host, started now and bounded by the investigation's deadline:
     * empty without floor maps, without a position on a floor, when that position was pictured for an earlier card of
     * this reply, or when no time is left. The picture comes empty on any failure; the card never waits for it.
     */
    private java.util.Optional<Reply.Part> floorMap(InvestigationResult result, long deadlineAt, Set<String> pictured) {
        io.irflow.capabilities.Location where = result == null || floorMaps == null ? null : result.floorPosition();
        long left = deadlineAt - System.nanoTime();
        if (where == null || left <= 0 || !pictured.add(where.floor() + "@" + where.x() + "," + where.y())) {
            return java.util.Optional.empty();
        }
        String subject = subject(result);
        Duration within = Duration.ofNanos(left);
        CompletableFuture<java.util.Optional<Reply.File>> file = CompletableFuture
                .supplyAsync(() -> floorMaps.picture(subject, where, within)
                        .map(p -> new Reply.File("Floor map: " + Markdown.escape(p.caption()), p.fileName(),
                                p.contentType(), p.content())), executor)
                .completeOnTimeout(java.util.Optional.empty(), left, java.util.concurrent.TimeUnit.NANOSECONDS)
                .exceptionally(e -> java.util.Optional.empty());
        return java.util.Optional.of(new Reply.FilePart(file));
    }

    /** What the picture is named after: the host name asked, else the first one a source gives, else the value. */
    private static String subject(InvestigationResult result) {
        if (result.observable().type() == ObservableType.HOSTNAME) {
            return result.observable().value();
        }
        return result.results().stream().filter(r -> r.finding() != null)
                .flatMap(r -> r.finding().hosts().stream()).map(io.irflow.capabilities.HostDetails::hostname)
                .filter(h -> h != null && !h.isBlank()).findFirst().orElse(result.observable().value());
    }

    /** A press on a "Which computer?" card's button: investigates that computer by its full name. */
    public Reply pick(CardActionRequest request) {
        List<Observable> named = parser.parse(request.input(ActionIds.NAME)).observables();
        if (named.size() != 1 || named.get(0).type() != ObservableType.HOSTNAME
                && named.get(0).type() != ObservableType.DOMAIN) {
            return Reply.text("That button names no computer I can look up; type `/investigate <full name>`.");
        }
        return runAll(named, false, request.roomId(), request.personEmail());
    }

    /**
     * What each observable becomes once the names are checked (within the investigation's deadline): a "Which
     * computer?" card for an ambiguous name, the host then the domain for a known computer's FQDN, else itself.
     */
    private List<Planned> plan(List<Observable> observables, boolean fresh, long startedAt) {
        if (hostNames == null || observables.stream().noneMatch(HostNames::applies)) {
            return observables.stream().map(o -> new Planned(o, false, null)).toList();
        }
        long resolveBy = HostNames.budgetEnd(startedAt, investigation.perSource(), investigation.deadline());
        List<CompletableFuture<HostNames.Resolution>> lookups = observables.stream()
                .map(o -> CompletableFuture.supplyAsync(() -> hostNames.resolve(o, fresh, resolveBy), executor))
                .toList();
        List<Planned> planned = new ArrayList<>();
        for (int i = 0; i < observables.size(); i++) {
            Observable o = observables.get(i);
            HostNames.Resolution r = lookups.get(i).join();
            if (r.ambiguous()) {
                planned.add(new Planned(o, false, r));
                if (o.type() == ObservableType.DOMAIN) {
                    planned.add(new Planned(o, true, null));
                }
            } else if (r.known() && o.type() == ObservableType.DOMAIN) {
                planned.add(new Planned(new Observable(ObservableType.HOSTNAME, o.value()), false, null));
                planned.add(new Planned(o, true, null));
            } else {
                planned.add(new Planned(o, false, null));
            }
        }
        return planned;
    }

    /**
     * One card to show.
     *
     * @param observable what to investigate
     * @param ourHost    a domain that is one of our computers' names: no Block button
     * @param which      the candidates of an ambiguous name (then nothing is investigated), or null
     */
    private record Planned(Observable observable, boolean ourHost, HostNames.Resolution which) {
    }

    /**
     * The containment buttons for a result: each carries only a reference to an action stored now (target, kind,
     * expiry); several candidates of one kind go behind a "…" button that shows one button per candidate. What irflow
     * already holds contained is offered for undo first, never for the action again.
     */
    private List<ObjectNode> buttons(InvestigationResult result, List<Ledger.Hold> holds, String roomId, boolean ourHost) {
        if (containment == null) {
            return List.of();
        }
        Set<ContainmentKind> kinds = EnumSet.noneOf(ContainmentKind.class);
        for (ContainmentKind k : ContainmentKind.values()) {
            if (containment.available(k) && !(ourHost && k == ContainmentKind.BLOCK_DOMAIN)) {
                kinds.add(k);
            }
        }
        Map<ContainmentKind, List<Targets.Target>> byKind = new EnumMap<>(ContainmentKind.class);
        for (Targets.Target t : Targets.from(result, kinds)) {
            if (holds.stream().noneMatch(h -> h.covers(t))) {
                byKind.computeIfAbsent(t.kind(), k -> new ArrayList<>()).add(t);
            }
        }
        List<ObjectNode> buttons = new ArrayList<>();
        for (Ledger.Hold h : holds) {
            ContainedTargetStore.Row row = h.row();
            if (buttons.size() < InvestigationCard.MAX_BUTTONS && kinds.contains(row.kind())) {
                PendingAction undo = containment.offer(row.kind(), true, row.target(), row.targetLabel(), roomId, "irflow");
                String title = buttonTitle(row.kind(), row.targetLabel(), true);
                buttons.add(ContainmentCards.button(title, ActionIds.CONTAIN_PRESS, undo.ref()));
            }
        }
        byKind.forEach((kind, targets) -> {
            if (buttons.size() >= InvestigationCard.MAX_BUTTONS) {
                return;
            }
            List<ObjectNode> each = new ArrayList<>();
            for (Targets.Target t : targets.stream().limit(Cards.MAX_ACTIONS).toList()) {
                PendingAction offer = containment.offer(kind, false, t.target(), t.label(), roomId, "irflow");
                // A button names what it acts on: "Quarantine WKS-FIN-042", "Block example.com".
                String title = targets.size() > 1 ? Markdown.truncate(t.label(), 40)
                        : buttonTitle(kind, t.label(), false);
                each.add(ContainmentCards.button(title, ActionIds.CONTAIN_PRESS, offer.ref()));
            }
            buttons.add(targets.size() == 1 ? each.get(0) : Cards.showCard(capitalize(kind.verb()) + " "
                    + Words.plural(targets.size(), kind.targetName()) + "…",
                    List.of(Cards.text("Which " + kind.targetName() + "?")), each));
        });
        return buttons;
    }

    /**
     * "Quarantine WKS-FIN-042" (the host, not its MAC in parentheses), "Isolate WKS-FIN-042", "Block example.com",
     * "Block hash 275a021b…8aabf65"; undone: "Unquarantine WKS-FIN-042", "Unblock example.com".
     */
    static String buttonTitle(ContainmentKind kind, String targetLabel, boolean undo) {
        String label = targetLabel.replaceFirst(" \\([^)]*\\)$", "");
        String verb = undo ? kind.undoVerb() : kind.verb();
        return switch (kind) {
            case BLOCK_DOMAIN -> capitalize(verb.split(" ")[0]) + " " + Markdown.truncate(label, 40);
            case BLOCK_HASH -> capitalize(verb) + " " + Words.shortId(label);
            default -> capitalize(verb) + " " + Markdown.truncate(label, 40);
        };
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private Extracted extract(String text) {
        try {
            return new Extracted(extraction.extract(text), "");
        } catch (AdapterException e) {
            LOG.warn("Threat Response inspect failed: {}", e.getMessage());
            return new Extracted(List.of(), "Threat Response could not read observables from your text right now.");
        }
    }

    /**
     * Threat Response's reading of one observable, kept only when irflow's own rules read its value as one observable
     * of a compatible type (then irflow's normalisation wins): its inspect takes {@code -11.pdf.exe} or
     * {@code gate.php} for domains.
     */
    private Observable reread(Observable fromProduct) {
        ObservableParser.Parsed p = parser.parse(fromProduct.value());
        if (p.observables().size() != 1 || !p.unrecognised().isEmpty() || !p.fileNames().isEmpty()) {
            return null;
        }
        Observable mine = p.observables().get(0);
        boolean named = fromProduct.type() == ObservableType.DOMAIN || fromProduct.type() == ObservableType.HOSTNAME;
        boolean compatible = mine.type() == fromProduct.type()
                || named && (mine.type() == ObservableType.DOMAIN || mine.type() == ObservableType.HOSTNAME);
        return compatible ? mine : null;
    }

    /** A domain the products turned out to know as one of our computers is echoed as the host it is. */
    private Observable asFound(Observable o) {
        if (hostNames == null || o.type() != ObservableType.DOMAIN) {
            return o;
        }
        return hostNames.cached(o).filter(HostNames.Resolution::known)
                .map(r -> new Observable(ObservableType.HOSTNAME, o.value())).orElse(o);
    }

    /** "Understood: domain `x`, IP `y`." for indicators mined from free text, with the file names it mentions. */
    static String understood(List<Observable> observables, int dropped, String files) {
        List<String> each = observables.stream().map(o -> label(o.type()) + " " + Markdown.code(o.value())).toList();
        return "Understood: " + String.join(", ", each) + (dropped > 0 ? " (and " + dropped + " more)" : "") + "."
                + (files.isEmpty() ? "" : " " + files);
    }

    /** Names file names, which are not looked up, or "" for none. */
    static String fileNote(List<String> fileNames) {
        if (fileNames.isEmpty()) {
            return "";
        }
        String names = String.join(", ", fileNames.stream().limit(5).map(Markdown::code).toList());
        return (fileNames.size() == 1 ? "File name " + names + " is" : "File names " + names + " are")
                + " not looked up (a file name is no domain); investigate the file's hash instead.";
    }

    private static String label(ObservableType type) {
        return switch (type) {
            case HOSTNAME -> "host";
            case IPV4, IPV6 -> "IP";
            case MAC -> "MAC";
            case DOMAIN -> "domain";
            case URL -> "URL";
            case SHA256 -> "SHA-256";
            case SHA1 -> "SHA-1";
            case MD5 -> "MD5";
        };
    }

    private record Extracted(List<Observable> observables, String problem) {
    }
}
