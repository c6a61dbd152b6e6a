package io.irflow.chat;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RouterTest {
    private final Router router = new Router()
            .command(new Command("investigate", List.of("i"), "/investigate x", "Look it up.", Role.ANALYST,
                    (req, args) -> Reply.text("investigating [" + args + "]")))
            .command(new Command("status", List.of(), "/status", "Status.", Role.ANALYST, (req, args) -> Reply.text("ok")))
            .command(new Command("boom", List.of(), "/boom", "Fails.", Role.ANALYST, (req, args) -> {
                throw new IllegalStateException("kaput");
            }))
            .action("confirm", Role.RESPONDER, req -> Reply.text("confirmed by " + req.personId()));

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
        assertThatThrownBy(() -> router.command(new Command("Status", List.of(), "", "", Role.ANALYST, (r, a) -> Reply.none())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("status");
        assertThatThrownBy(() -> router.command(new Command("other", List.of("i"), "", "", Role.ANALYST, (r, a) -> Reply.none())))
                .isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> router.action("confirm", Role.RESPONDER, r -> Reply.none())).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_command_or_button_without_a_role_is_refused_at_start_up() {
        assertThatThrownBy(() -> router.command(new Command("open", List.of(), "", "", null, (r, a) -> Reply.none())))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no role");
        assertThatThrownBy(() -> router.action("press", null, r -> Reply.none()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("declares no role");
        assertThat(router.commands()).extracting(Command::name).doesNotContain("open");
        assertThat(router.actions()).doesNotContainKey("press");
    }

    /** Records what the middleware saw and lets the test decide whether the handler runs. */
    private static final class Recording implements Router.Middleware {
        final List<String> seen = new java.util.ArrayList<>();
        boolean pass = true;

        @Override
        public Reply handle(ChatRequest request, String what, Role needed, java.util.function.Supplier<Reply> next) {
            seen.add(what + "=" + needed);
            return pass ? next.get() : Reply.text("refused " + what);
        }
    }

    @Test
    void middleware_runs_before_every_handler_with_the_declared_role_and_can_stop_it() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        Recording rec = new Recording();
        Router r = new Router().use(rec)
                .command(new Command("look", List.of(), "/look", "", Role.ANALYST, (q, a) -> {
                    ran.incrementAndGet();
                    return Reply.text("looked");
                }))
                .command(new Command("act", List.of(), "/act", "", Role.RESPONDER, (q, a) -> {
                    ran.incrementAndGet();
                    return Reply.text("acted");
                }))
                .command(new Command("alerts", List.of(), "/alerts", "", Role.ANALYST, (q, a) -> {
                    ran.incrementAndGet();
                    return Reply.text("alerts");
                }).responderWhen(a -> a.startsWith("pause")))
                .action("press", Role.RESPONDER, q -> {
                    ran.incrementAndGet();
                    return Reply.text("pressed");
                });

        assertThat(text(r.route(msg("/look x")))).isEqualTo("looked");
        assertThat(text(r.route(msg("act")))).isEqualTo("acted");
        assertThat(text(r.route(msg("/alerts")))).isEqualTo("alerts");
        assertThat(text(r.route(msg("/alerts pause amp")))).isEqualTo("alerts");
        r.route(msg("/nosuch"));
        r.route(msg(""));
        r.route(new CardActionRequest("room", "m1", "p9", "", "press", Map.of()));
        r.route(new CardActionRequest("room", "m1", "p9", "", "unknown", Map.of()));
        assertThat(rec.seen).containsExactly("/look=ANALYST", "/act=RESPONDER", "/alerts=ANALYST",
                "/alerts pause=RESPONDER", "message=ANALYST", "message=ANALYST", "button press=RESPONDER",
                "button=ANALYST");

        rec.pass = false;
        ran.set(0);
        assertThat(text(r.route(msg("act")))).isEqualTo("refused /act");
        assertThat(text(r.route(new CardActionRequest("room", "m1", "p9", "", "press", Map.of()))))
                .isEqualTo("refused button press");
        assertThat(text(r.route(msg("/x".repeat(1500))))).isEqualTo("refused message");
        assertThat(ran).hasValue(0);
    }

    @Test
    void a_failing_middleware_fails_closed() {
        java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
        Router r = new Router().use((q, what, needed, next) -> {
            throw new IllegalStateException("database down");
        }).command(new Command("act", List.of(), "/act", "", Role.RESPONDER, (q, a) -> {
            ran.incrementAndGet();
            return Reply.text("acted");
        }));
        assertThat(text(r.route(msg("act")))).contains("reference").doesNotContain("database down");
        assertThat(ran).hasValue(0);
    }
}
