package io.irflow.chat.commands;

import io.irflow.capabilities.Observable;
import io.irflow.capabilities.Ticketing;
import io.irflow.cards.IncidentChoiceCard;
import io.irflow.cards.IncidentListCard;
import io.irflow.cards.IncidentSummaryCard;
import io.irflow.cards.Markdown;
import io.irflow.cards.Page;
import io.irflow.cards.TimelineCard;
import io.irflow.cards.dsl.ActionIds;
import io.irflow.chat.Access;
import io.irflow.chat.CardActionRequest;
import io.irflow.chat.Command;
import io.irflow.chat.CommandHandler;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;
import io.irflow.incidents.Incident;
import io.irflow.incidents.IncidentSeedStore;
import io.irflow.incidents.IncidentService;
import io.irflow.incidents.IncidentStatus;
import io.irflow.investigate.ObservableParser;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Incidents from chat: {@code /incident open <title> [observables...]}, {@code /incidents}, {@code /incident <id>},
 * and in an incident's room {@code /note}, {@code /status <word>}, {@code /severity}, {@code /assign}, {@code /add},
 * {@code /timeline}, {@code /report} and {@code /close}. {@code /status} without a word stays the bot's status card.
 */
public final class IncidentCommands {
    static final int DEFAULT_SEVERITY = io.irflow.incidents.Severity.DEFAULT;
    /** The report text posted when the files cannot be uploaded: about 1,500 chars, well under Webex's 7,439 bytes. */
    static final int REPORT_FALLBACK_CHARS = 1500;

    private static final Logger LOG = LoggerFactory.getLogger(IncidentCommands.class);

    private final Access access;
    private final IncidentService service;
    private final ObservableParser parser;
    private final Clock clock;
    private final IncidentSeedStore seeds;

    /**
     * @param seeds  what Open incident buttons open, by their reference; null: no buttons are handled
     * @param access who is on the team: {@code /assign} adds its person to the incident room, so only an analyst or a
     *               responder may be named (a typo or an outsider never gets the incident's details)
     */
    public IncidentCommands(IncidentService service, ObservableParser parser, Clock clock, IncidentSeedStore seeds,
                            Access access) {
        this.access = access;
        this.seeds = seeds;
        this.service = service;
        this.parser = parser;
        this.clock = clock;
    }

    /** Registers every incident command except {@code /status}, which {@link #status(Command)} wraps. */
    public void register(Router router) {
        router.command(new Command("incident", List.of(), "/incident open <title> [observables...] | /incident <id>",
                "Open an incident with its own room (and ticket), or show one.", Role.ANALYST, this::incident)
                .responderWhen(args -> args.strip().toLowerCase().startsWith("open")));
        if (seeds != null) {
            router.action(ActionIds.INCIDENT_OPEN, Role.RESPONDER, this::openFrom);
            router.action(ActionIds.INCIDENT_ADD, Role.RESPONDER, this::addFrom);
        }
        router.command(new Command("incidents", List.of(), "/incidents [page N|--all]",
                "Open incidents with status, severity, age and room (20 at a time).", Role.ANALYST, this::list));
        router.command(inRoom("note", Role.RESPONDER, "/note <text>", "Add a note to this incident's timeline.", this::note));
        router.command(inRoom("severity", Role.RESPONDER, "/severity 1-4", "Change this incident's severity (1 critical, 4 low).",
                this::severity));
        router.command(inRoom("assign", Role.RESPONDER, "/assign <email|me>", "Assign this incident and add the person to the room.",
                this::assign));
        router.command(inRoom("add", Role.RESPONDER, "/add <host|observable>...", "Add hosts or observables to this incident.", this::add));
        router.command(inRoom("timeline", Role.ANALYST, "/timeline", "This incident's timeline.", (r, i, a) ->
                Reply.card(TimelineCard.render(i, service.timeline(i)))));
        router.command(inRoom("report", Role.RESPONDER, "/report", "Post this incident's report (Markdown and HTML).", this::report));
        router.command(inRoom("close", Role.RESPONDER, "/close <resolution>", "Close this incident (and resolve its ticket).", this::close));
    }

    /**
     * {@code /status}: with a status word in an incident room it sets the incident's status; otherwise it is the bot's
     * own status command.
     */
    public Command status(Command botStatus) {
        CommandHandler handler = (r, args) -> {
            if (args.isBlank()) {
                return botStatus.handler().handle(r, args);
            }
            Optional<Incident> i = service.inRoom(r.roomId());
            if (i.isEmpty()) {
                return Reply.text("`/status <word>` works in an incident's room. Type `/status` alone for my own status.");
            }
            return status(r, i.get(), args);
        };
        return new Command(botStatus.name(), botStatus.aliases(), "/status [new|investigating|contained|resolved|closed]",
                botStatus.description() + " In an incident room, /status <word> sets the incident's status.",
                botStatus.role(), handler).responderWhen(args -> !args.isBlank());
    }

    /** A handler that needs the incident whose room the message is in. */
    @FunctionalInterface
    interface RoomHandler {
        Reply handle(MessageRequest r, Incident incident, String args);
    }

    private Command inRoom(String name, Role role, String usage, String description, RoomHandler handler) {
        return new Command(name, List.of(), usage, description, role, (r, args) -> service
                .inRoom(r.roomId()).map(i -> handler.handle(r, i, args))
                .orElseGet(() -> Reply.text("`/" + name + "` works in an incident's room; `/incidents` lists them.")));
    }

    Reply incident(MessageRequest r, String args) {
        String[] words = args.isBlank() ? new String[0] : args.strip().split("\\s+", 2);
        if (words.length == 0) {
            return service.inRoom(r.roomId()).map(this::summary).orElseGet(() -> Reply.text(
                    "Use `/incident open <title> [observables...]`, `/incident <id>` or `/incidents`."));
        }
        if (words[0].equalsIgnoreCase("open")) {
            return open(r, words.length > 1 ? words[1] : "");
        }
        return service.find(words[0]).map(this::summary).orElseGet(() -> Reply.text("I know no incident "
                + Markdown.code(words[0]) + ". `/incidents` lists the open ones."));
    }

    private Reply summary(Incident i) {
        return Reply.card(IncidentSummaryCard.render(i, service.unsynced(i.id()), service.ticketProduct()));
    }

    private Reply open(MessageRequest r, String text) {
        List<String> tokens = new ArrayList<>(List.of(text.isBlank() ? new String[0] : text.strip().split("\\s+")));
        List<Observable> observables = new ArrayList<>();
        while (!tokens.isEmpty()) {
            ObservableParser.Parsed p = parser.parse(tokens.get(tokens.size() - 1));
            if (p.observables().size() != 1 || !p.unrecognised().isEmpty()) {
                break;
            }
            observables.add(p.observables().get(0));
            tokens.remove(tokens.size() - 1);
        }
        Collections.reverse(observables);
        String title = String.join(" ", tokens);
        if (title.isBlank()) {
            return Reply.text("Give the incident a title, then any hosts or observables, e.g. "
                    + "`/incident open Ransomware on finance laptop WKS-FIN-042 evil.example`.");
        }
        return opened(service.open(title, DEFAULT_SEVERITY, observables.stream().distinct().toList(), r.personEmail(),
                null), title);
    }

    /**
     * The Open incident button on an alert or investigation card: the reference resolves server-side to the alert's
     * stored host, hash and severity or to the investigated observable; the presser (a responder: the router checked)
     * opens it. A card opens one incident only: a second press (or a concurrent one, or one on another instance)
     * answers with the incident it opened. When an open incident already covers the host, the presser is asked
     * whether to add to it or open a new one anyway ({@code force}).
     */
    Reply openFrom(CardActionRequest r) {
        String ref = r.input(ActionIds.REF);
        Optional<Incident> before = service.fromCard(ref);
        if (before.isPresent()) {
            return existing(before.get());
        }
        Optional<IncidentSeedStore.Seed> seed = seeds.find(ref);
        if (seed.isEmpty()) {
            return Reply.text("That card is not known to me any more. Use `/incident open <title> [observables...]`.");
        }
        IncidentSeedStore.Seed s = seed.get();
        if (!"yes".equals(r.input(ActionIds.FORCE))) {
            List<Incident> covering = service.covering(s);
            if (!covering.isEmpty()) {
                return Reply.card(IncidentChoiceCard.render(ref, s.title(), covering));
            }
        }
        IncidentService.Opened opened = service.openFrom(ref, s, r.personEmail());
        return opened.existing() ? existing(opened.incident()) : opened(opened, s.title());
    }

    /** Add to IR-…: what the card stands for goes onto that open incident instead of a new one. */
    Reply addFrom(CardActionRequest r) {
        String ref = r.input(ActionIds.REF);
        Optional<Incident> before = service.fromCard(ref);
        if (before.isPresent()) {
            return existing(before.get());
        }
        Optional<IncidentSeedStore.Seed> seed = seeds.find(ref);
        Optional<Incident> target = service.find(r.input(ActionIds.INCIDENT)).filter(i -> !i.status().done());
        if (seed.isEmpty() || target.isEmpty()) {
            return Reply.text(seed.isEmpty() ? "That card is not known to me any more."
                    : "That incident is not open any more; press Open incident on the card again.");
        }
        Incident i = service.addFrom(target.get(), ref, seed.get(), r.personEmail());
        if (!i.id().equals(target.get().id())) {
            return existing(i);
        }
        StringBuilder md = new StringBuilder("Added to **" + Markdown.escape(i.id()) + "**: "
                + Markdown.escape(seed.get().title(), 200));
        if (i.roomId() != null) {
            md.append("\nIts room: [").append(Markdown.escape(i.id())).append("](").append(service.roomLink(i.roomId()))
                    .append(")");
        }
        return Reply.text(md.toString());
    }

    /** The answer to a card that already stands for an incident: that incident, not a second one. */
    private Reply existing(Incident i) {
        StringBuilder md = new StringBuilder("This card already opened **" + Markdown.escape(i.id()) + "**: "
                + Markdown.escape(i.title(), 200) + " (" + i.status().word() + ", severity " + i.severity() + ")");
        if (i.roomId() != null) {
            md.append("\nIts room: [").append(Markdown.escape(i.id())).append("](").append(service.roomLink(i.roomId()))
                    .append(")");
        }
        return Reply.text(md.toString());
    }

    private Reply opened(IncidentService.Opened opened, String title) {
        Incident i = opened.incident();
        StringBuilder md = new StringBuilder("Opened **" + Markdown.escape(i.id()) + "**: " + Markdown.escape(title, 200));
        if (i.roomId() != null) {
            md.append("\nIts room: [").append(Markdown.escape(i.id())).append("](").append(service.roomLink(i.roomId()))
                    .append(")");
        }
        if (service.ticketProduct() != null) {
            md.append("\nThe ").append(Markdown.escape(service.ticketProduct())).append(" ticket is on its way.");
        }
        opened.problems().forEach(p -> md.append("\n⚠️ ").append(Markdown.escape(p, 300)));
        return Reply.text(md.toString());
    }

    Reply list(MessageRequest r, String args) {
        List<Incident> open = service.open();
        Optional<Page> page = PageArgs.parse(args, open.size());
        if (page.isEmpty()) {
            return Reply.text(PageArgs.usage("incidents"));
        }
        List<IncidentListCard.Row> rows = page.get().slice(open).stream()
                .map(i -> new IncidentListCard.Row(i, service.roomLink(i.roomId()))).toList();
        return Reply.card(IncidentListCard.render(rows, page.get(), clock.instant()));
    }

    private Reply note(MessageRequest r, Incident i, String text) {
        if (text.isBlank()) {
            return Reply.text("Write the note after the command, e.g. `/note user confirms the phishing mail`.");
        }
        service.note(i, r.personEmail(), text);
        return Reply.text("Noted on " + Markdown.escape(i.id()) + ".");
    }

    private Reply status(MessageRequest r, Incident i, String word) {
        Optional<IncidentStatus> s = IncidentStatus.parse(word);
        if (s.isEmpty()) {
            return Reply.text("Status is one of new, investigating, contained, resolved, closed.");
        }
        if (s.get() == i.status()) {
            return Reply.text(Markdown.escape(i.id()) + " is already " + s.get().word() + ".");
        }
        service.status(i, r.personEmail(), s.get());
        return Reply.text(Markdown.escape(i.id()) + " is now **" + s.get().word() + "**.");
    }

    private Reply severity(MessageRequest r, Incident i, String args) {
        if (!args.strip().matches("[1-4]")) {
            return Reply.text("Severity is 1 (critical) to 4 (low), e.g. `/severity 2`.");
        }
        int sev = Integer.parseInt(args.strip());
        service.severity(i, r.personEmail(), sev);
        return Reply.text(Markdown.escape(i.id()) + " is now severity **" + sev + "** ("
                + IncidentSummaryCard.severityWord(sev) + ").");
    }

    private Reply assign(MessageRequest r, Incident i, String args) {
        String who = args.strip().equalsIgnoreCase("me") ? r.personEmail() : args.strip().toLowerCase();
        if (!Ticketing.TicketChange.isPlainEmail(who)) {
            return Reply.text("Assign to an email address (or `me`), e.g. `/assign alice@example.com`.");
        }
        if (access.roleOf(who).isEmpty()) {
            LOG.info("{} tried to assign {} to {}, who is neither an analyst nor a responder; refused", r.personEmail(),
                    i.id(), who);
            return Reply.text(Markdown.escape(who) + " is not on the team (security.analysts or security.responders), "
                    + "so I will not add them to this incident's room. Nothing was changed.");
        }
        service.assign(i, r.personEmail(), who);
        return Reply.text(Markdown.escape(i.id()) + " is assigned to " + Markdown.escape(who) + ".");
    }

    private Reply add(MessageRequest r, Incident i, String args) {
        ObservableParser.Parsed p = parser.parse(args);
        if (p.observables().isEmpty()) {
            return Reply.text("Tell me hosts or observables to add, e.g. `/add WKS-FIN-042 evil.example`.");
        }
        List<String> added = service.add(i, r.personEmail(), p.observables()).stream()
                .map(o -> Markdown.escape(o.value())).toList();
        return Reply.text(added.isEmpty() ? "Nothing new: " + Markdown.escape(i.id()) + " already has those."
                : "Added to " + Markdown.escape(i.id()) + ": " + String.join(", ", added) + ".");
    }

    private Reply report(MessageRequest r, Incident i, String args) {
        try {
            service.postReport(i);
            return Reply.none();
        } catch (RuntimeException e) {
            return Reply.text(reportFallback(e.getMessage(), service.report(i).markdown()));
        }
    }

    /**
     * What {@code /report} posts when the files cannot be uploaded: the report's first whole lines, as Markdown. The
     * report's Markdown is irflow's own, with every product value already escaped by the report (URLs as autolinks),
     * so it is posted as it is and renders (headings, lists) instead of showing {@code ## Times}; it is cut at a line
     * end so no escape, autolink or table row is left half open.
     */
    static String reportFallback(String error, String reportMarkdown) {
        String head = reportMarkdown;
        if (head.length() > REPORT_FALLBACK_CHARS) {
            int cut = head.lastIndexOf('\n', REPORT_FALLBACK_CHARS);
            head = head.substring(0, Math.max(cut, 0)) + "\n\n\u2026";
        }
        return "I could not upload the report files (" + Markdown.escape(error, 100) + "); here is its start:\n\n"
                + head;
    }

    private Reply close(MessageRequest r, Incident i, String resolution) {
        if (resolution.isBlank()) {
            return Reply.text("Say how it was resolved, e.g. `/close reimaged the laptop, password reset`.");
        }
        if (i.status() == IncidentStatus.CLOSED) {
            return Reply.text(Markdown.escape(i.id()) + " is already closed.");
        }
        service.close(i, r.personEmail(), resolution);
        return Reply.text(Markdown.escape(i.id()) + " is **closed**: " + Markdown.escape(resolution, 300)
                + (service.ticketProduct() == null ? "" : "\nThe " + Markdown.escape(service.ticketProduct())
                + " ticket will be resolved."));
    }
}
