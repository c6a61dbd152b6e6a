package io.irflow.chat.commands;

import io.irflow.cards.HelpCard;
import io.irflow.chat.Command;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HelpCommandTest {
    /** The commands in the order the wiring registers them, which is not the order people need them in. */
    private static final List<Command> REGISTERED = List.of(
            cmd("help", Role.ANALYST, "?", "h"), cmd("access", Role.RESPONDER),
            cmd("quarantine", Role.RESPONDER), cmd("unquarantine", Role.RESPONDER), cmd("isolate", Role.RESPONDER),
            cmd("release", Role.RESPONDER), cmd("block", Role.RESPONDER), cmd("unblock", Role.RESPONDER),
            cmd("contained", Role.ANALYST), cmd("audit", Role.ANALYST),
            cmd("incident", Role.ANALYST), cmd("incidents", Role.ANALYST), cmd("note", Role.RESPONDER),
            cmd("severity", Role.RESPONDER), cmd("assign", Role.RESPONDER), cmd("add", Role.RESPONDER),
            cmd("timeline", Role.ANALYST), cmd("report", Role.RESPONDER), cmd("close", Role.RESPONDER),
            cmd("status", Role.ANALYST), cmd("investigate", Role.ANALYST, "i"), cmd("alerts", Role.ANALYST),
            cmd("brandnew", Role.ANALYST));

    @Test
    void groups_come_in_the_order_of_use_and_a_new_command_is_not_left_out() {
        List<HelpCard.Group> groups = HelpCommand.groups(REGISTERED);

        assertThat(groups).extracting(HelpCard.Group::title).containsExactly("Investigate", "Contain", "Incidents",
                "In an incident's room", "Alerts", "Admin", "More");
        assertThat(groups.get(0).entries()).singleElement().satisfies(e -> {
            assertThat(e.usage()).isEqualTo("/investigate");
            assertThat(e.aliases()).containsExactly("i");
        });
        assertThat(groups.get(1).entries()).extracting(HelpCard.Entry::usage).containsExactly("/quarantine",
                "/unquarantine", "/isolate", "/release", "/block", "/unblock", "/contained", "/audit");
        assertThat(groups.get(6).entries()).extracting(HelpCard.Entry::usage).containsExactly("/brandnew");
        assertThat(groups.stream().mapToInt(g -> g.entries().size()).sum()).isEqualTo(REGISTERED.size());
    }

    @Test
    void who_may_and_where_is_said_once_per_group_not_on_every_command() {
        List<HelpCard.Group> groups = HelpCommand.groups(REGISTERED);

        assertThat(groups.get(1).note()).isEqualTo("Each asks to confirm before anything happens. Responders only, "
                + "except /contained and /audit.");
        assertThat(groups.get(3).note()).isEqualTo("These work in an incident's own room only. Responders only, "
                + "except /timeline.");
        assertThat(groups.get(5).entries()).filteredOn(e -> e.description().endsWith("Responders only."))
                .extracting(HelpCard.Entry::usage).containsExactly("/access");
        assertThat(groups.subList(0, 5)).flatExtracting(HelpCard.Group::entries)
                .noneMatch(e -> e.description().contains("Responders only") || e.description().contains("rooms only"));
    }

    @Test
    void the_card_names_products_as_they_call_themselves_and_has_no_backticks() {
        HelpCommand help = new HelpCommand(new io.irflow.chat.Router(), List.of("AMP for Endpoints", "ISE"));
        Reply reply = help.handle(null, "");

        io.irflow.cards.Card card = ((Reply.CardPart) reply.parts().get(0)).card();
        io.irflow.testing.CardValidator.assertValid(card);
        assertThat(card.content().toString()).contains("Products enabled: AMP for Endpoints, ISE").doesNotContain("`");
    }

    private static Command cmd(String name, Role role, String... aliases) {
        return new Command(name, List.of(aliases), "/" + name, "Does " + name + ".", role, (r, a) -> Reply.none());
    }
}
