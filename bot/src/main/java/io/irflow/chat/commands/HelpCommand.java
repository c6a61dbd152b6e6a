package io.irflow.chat.commands;

import io.irflow.cards.HelpCard;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;
import io.irflow.chat.Router;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code help}: the help card listing what is available with this config, grouped in the order a responder reaches
 * for them: investigate, contain, incidents (and what works in an incident's room), alerts, admin. A command no group
 * names comes last under "More", so a new command is never left out of help.
 */
public final class HelpCommand {
    /** A group of the help card: its title, what holds for all of it, and its commands' names in order. */
    private record Section(String title, String note, List<String> names) {
    }

    private static final List<Section> SECTIONS = List.of(
            new Section("Investigate", "Or paste any text with indicators in it.", List.of("investigate")),
            new Section("Contain", "Each asks to confirm before anything happens.", List.of("quarantine",
                    "unquarantine", "isolate", "release", "block", "unblock", "contained", "audit")),
            new Section("Incidents", "", List.of("incident", "incidents")),
            new Section("In an incident's room", "These work in an incident's own room only.", List.of("note",
                    "severity", "assign", "add", "timeline", "report", "close")),
            new Section("Alerts", "", List.of("alerts")),
            new Section("Admin", "", List.of("status", "access", "help")));

    private final Router router;
    private final List<String> products;

    /** @param products the enabled products as they call themselves ("AMP for Endpoints", "ISE") */
    public HelpCommand(Router router, List<String> products) {
        this.router = router;
        this.products = List.copyOf(products);
    }

    /** The command registration. */
    public Command command() {
        return new Command("help", List.of("?", "h"), "/help", "Show this list of commands.", Role.ANALYST,
                this::handle);
    }

    /** Renders the help card from the router's current registrations. */
    public Reply handle(MessageRequest request, String args) {
        return Reply.card(HelpCard.render(groups(router.commands()), products));
    }

    /** The registered commands in the help card's groups and order; empty groups are left out. */
    static List<HelpCard.Group> groups(List<Command> commands) {
        Map<String, Command> byName = new LinkedHashMap<>();
        commands.forEach(c -> byName.put(c.name(), c));
        List<HelpCard.Group> groups = new ArrayList<>();
        for (Section s : SECTIONS) {
            List<Command> in = s.names().stream().map(byName::remove).filter(c -> c != null).toList();
            if (!in.isEmpty()) {
                groups.add(group(s.title(), s.note(), in));
            }
        }
        if (!byName.isEmpty()) {
            groups.add(group("More", "", List.copyOf(byName.values())));
        }
        return groups;
    }

    /**
     * A group, saying "Responders only" once: for the whole group when most of it needs a responder ("Responders
     * only, except /contained and /audit."), otherwise on each command that does.
     */
    private static HelpCard.Group group(String title, String note, List<Command> commands) {
        List<Command> responders = commands.stream().filter(c -> c.role() == Role.RESPONDER).toList();
        List<String> others = commands.stream().filter(c -> c.role() != Role.RESPONDER).map(c -> "/" + c.name())
                .toList();
        boolean once = responders.size() >= 2 && others.size() < responders.size();
        String who = !once ? "" : others.isEmpty() ? "Responders only." : "Responders only, except "
                + (others.size() == 1 ? others.get(0) : String.join(", ", others.subList(0, others.size() - 1))
                + " and " + others.get(others.size() - 1)) + ".";
        String said = String.join(" ", List.of(note, who).stream().filter(s -> !s.isBlank()).toList());
        List<HelpCard.Entry> entries = commands.stream().map(c -> new HelpCard.Entry(c.usage(), c.aliases(),
                c.description() + (!once && c.role() == Role.RESPONDER ? " Responders only." : ""))).toList();
        return new HelpCard.Group(title, said, entries);
    }
}
