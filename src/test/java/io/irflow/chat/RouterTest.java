package io.irflow.chat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private final Router router = new Router()
            .command(new Command("investigate", List.of("i"), "/investigate x", "Look it up.",
                    (req, args) -> Reply.text("investigating [" + args + "]")))
            .command(new Command("status", List.of(), "/status", "Status.", (req, args) -> Reply.text("ok")))
            .command(new Command("boom", List.of(), "/boom", "Fails.", (req, args) -> {
                throw new IllegalStateException("kaput");
            }))
            .action("confirm", req -> Reply.text("confirmed by " + req.personId()));

    private static MessageRequest msg(String text) {
        return new MessageRequest("room", "direct", "m1", "m1", "p1", "a@example.com", text);
    }

    private static String text(Reply r) {
        return ((Reply.Text) r.parts().get(0)).markdown();
    }

    @Test
    void slash_or_bare_case_insensitive_and_aliases_all_route() {
        assertThat(text(router.route(msg("/investigate example.com")))).isEqualTo("investigating [example.com]");
        assertThat(text(router.route(msg("INVESTIGATE   a  b")))).isEqualTo("investigating [a  b]");
        assertThat(text(router.route(msg("/I x")))).isEqualTo("investigating [x]");
    }

    @Test
    void unknown_command_suggests_the_closest_one_and_escapes_the_word() {
        assertThat(text(router.route(msg("/investgate x")))).contains("Did you mean **/investigate**");
        assertThat(text(router.route(msg("zzzzzzzz")))).doesNotContain("Did you mean").contains("help");
        assertThat(text(router.route(msg("`](http://evil)")))).contains("`'](http://evil)`");
    }

    @Test
    void text_over_2000_characters_is_refused() {
        assertThat(text(router.route(msg("/status " + "x".repeat(2001))))).contains("2000 characters");
    }

    @Test
    void a_failing_handler_gets_a_reference_not_a_stack_trace() {
        String answer = text(router.route(msg("boom")));
        assertThat(answer).contains("reference").doesNotContain("kaput").doesNotContain("IllegalStateException");
    }

    @Test
    void card_actions_route_by_action_id_and_unknown_ones_are_answered() {
        CardActionRequest press = new CardActionRequest("room", "m1", "p9", "", "confirm", Map.of("action", "confirm"));
        assertThat(text(router.route(press))).isEqualTo("confirmed by p9");
        CardActionRequest unknown = new CardActionRequest("room", "m1", "p9", "", "nope", Map.of());
        assertThat(text(router.route(unknown))).contains("not something I can act on");
    }

    @Test
    void duplicate_registrations_fail_at_start_up() {
        assertThatThrownBy(() -> router.command(new Command("Status", List.of(), "", "", (r, a) -> Reply.none())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> router.command(new Command("other", List.of("i"), "", "", (r, a) -> Reply.none())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router.action("confirm", r -> Reply.none())).isInstanceOf(IllegalStateException.class);
    }
}
