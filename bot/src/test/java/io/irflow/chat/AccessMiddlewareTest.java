package io.irflow.chat;

import io.irflow.store.Database;
import io.irflow.testing.MutableClock;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The access middleware on a real database (H2 and PostgreSQL): roles, the hourly refusal, the access log. */
class AccessMiddlewareTest {
    @TempDir
    Path dir;

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    private final AtomicInteger ran = new AtomicInteger();

    private Router router(AccessStore store, Access access) {
        return new Router().use(new AccessMiddleware(access, store, clock))
                .command(new Command("look", List.of(), "/look", "", Role.ANALYST, (q, a) -> ok()))
                .command(new Command("act", List.of(), "/act", "", Role.RESPONDER, (q, a) -> ok()))
                .action("press", Role.RESPONDER, q -> ok());
    }

    private Reply ok() {
        ran.incrementAndGet();
        return Reply.text("done");
    }

    private static MessageRequest msg(String personId, String email, String text) {
        return new MessageRequest("room-1", "direct", "m1", "m1", personId, email, text);
    }

    private static String text(Reply r) {
        return r.parts().isEmpty() ? "" : ((Reply.Text) r.parts().get(0)).markdown();
    }

    @Test
    void analysts_default_to_responders_and_domains_match_case_insensitively() {
        Access same = new Access(List.of("bob@acme.example", "@soc.acme.example"), List.of("bob@acme.example", "@soc.acme.example"));
        assertThat(same.roleOf("BOB@acme.example")).contains(Role.RESPONDER);
        assertThat(same.roleOf("eve@SOC.acme.example")).contains(Role.RESPONDER);
        assertThat(same.roleOf("eve@evil-soc.acme.example")).isEmpty();
        assertThat(same.roleOf("soc.acme.example")).isEmpty();
        assertThat(same.roleOf("")).isEmpty();
        assertThat(same.roleOf(null)).isEmpty();
        Access split = new Access(List.of("bob@acme.example"), List.of("@acme.example"));
        assertThat(split.roleOf("bob@acme.example")).contains(Role.RESPONDER);
        assertThat(split.roleOf("carol@acme.example")).contains(Role.ANALYST);
        assertThat(split.roleOf("mallory@other.example")).isEmpty();
        assertThat(Role.RESPONDER.covers(Role.ANALYST)).isTrue();
        assertThat(Role.ANALYST.covers(Role.RESPONDER)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"h2", "postgres"})
    void an_outsider_is_refused_once_an_hour_and_every_refusal_is_logged(String kind) {
        try (Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir))) {
            AccessStore store = new AccessStore(db.dataSource());
            Router r = router(store, new Access(List.of("bob@acme.example"), List.of("carol@acme.example")));

            assertThat(text(r.route(msg("p-eve", "eve@other.example", "/look x")))).isEqualTo(AccessMiddleware.REFUSAL);
            clock.advance(Duration.ofMinutes(59));
            assertThat(r.route(msg("p-eve", "eve@other.example", "act")).parts()).isEmpty();
            assertThat(r.route(new CardActionRequest("room-1", "m1", "p-eve", "eve@other.example", "press", Map.of()))
                    .parts()).isEmpty();
            assertThat(r.route(msg("p-eve", "eve@other.example", "")).parts()).isEmpty();
            // Another outsider has their own hour.
            assertThat(text(r.route(msg("p-zed", "zed@other.example", "help")))).isEqualTo(AccessMiddleware.REFUSAL);
            clock.advance(Duration.ofMinutes(1));
            assertThat(text(r.route(msg("p-eve", "eve@other.example", "/look")))).isEqualTo(AccessMiddleware.REFUSAL);
            assertThat(ran).hasValue(0);

            List<AccessStore.Entry> log = store.last(10);
            assertThat(log).hasSize(3);
            assertThat(log.get(0).personEmail()).isEqualTo("eve@other.example");
            assertThat(log.get(0).outcome()).contains("not an analyst or responder").contains("3 more attempt(s)");
            assertThat(log.get(2).attempted()).isEqualTo("/look");
            assertThat(log.get(2).roomId()).isEqualTo("room-1");
            assertThat(log.get(2).at()).isEqualTo(Instant.parse("2026-12-01T10:00:00Z"));
        }
    }

    @Test
    void the_hourly_refusal_holds_across_a_restart_on_the_same_database() {
        String url = TestDatabases.freshUrl("h2", dir);
        Access access = new Access(List.of("bob@acme.example"), List.of());
        try (Database db = TestDatabases.open(url)) {
            assertThat(text(router(new AccessStore(db.dataSource()), access).route(msg("p-eve", "eve@x.example", "look"))))
                    .isEqualTo(AccessMiddleware.REFUSAL);
        }
        try (Database db = TestDatabases.open(url)) {
            assertThat(router(new AccessStore(db.dataSource()), access).route(msg("p-eve", "eve@x.example", "look"))
                    .parts()).isEmpty();
        }
    }

    @Test
    void an_analyst_may_look_but_is_told_every_time_that_acting_needs_a_responder() {
        try (Database db = TestDatabases.open(TestDatabases.freshUrl("h2", dir))) {
            AccessStore store = new AccessStore(db.dataSource());
            Router r = router(store, new Access(List.of("bob@acme.example"), List.of("carol@acme.example")));

            assertThat(text(r.route(msg("p-carol", "carol@acme.example", "look")))).isEqualTo("done");
            for (int i = 0; i < 2; i++) {
                assertThat(text(r.route(msg("p-carol", "carol@acme.example", "/act now"))))
                        .contains("/act").contains("needs a **responder**").contains("analyst");
                assertThat(text(r.route(new CardActionRequest("room-1", "m1", "p-carol", "carol@acme.example", "press",
                        Map.of("action", "press"))))).startsWith("That button needs a **responder**");
            }
            assertThat(ran).hasValue(1);
            assertThat(store.last(10)).hasSize(4).allSatisfy(e -> {
                assertThat(e.personEmail()).isEqualTo("carol@acme.example");
                assertThat(e.needed()).isEqualTo("responder");
                assertThat(e.outcome()).contains("analyst");
            });

            assertThat(text(r.route(msg("p-bob", "bob@acme.example", "act")))).isEqualTo("done");
            assertThat(text(r.route(msg("p-bob", "bob@acme.example", "look")))).isEqualTo("done");
            assertThat(text(r.route(new CardActionRequest("room-1", "m1", "p-bob", "bob@acme.example", "press", Map.of()))))
                    .isEqualTo("done");
            assertThat(ran).hasValue(4);
        }
    }

    @Test
    void card_inputs_cannot_claim_an_identity() {
        try (Database db = TestDatabases.open(TestDatabases.freshUrl("h2", dir))) {
            Router r = router(new AccessStore(db.dataSource()), new Access(List.of("bob@acme.example"), List.of()));
            CardActionRequest forged = new CardActionRequest("room-1", "m1", "p-eve", "", "press",
                    Map.of("action", "press", "personEmail", "bob@acme.example", "email", "bob@acme.example"));
            assertThat(text(r.route(forged))).isEqualTo(AccessMiddleware.REFUSAL);
            assertThat(ran).hasValue(0);
        }
    }

    @Test
    void a_room_is_noticed_once_ever() {
        String url = TestDatabases.freshUrl("h2", dir);
        try (Database db = TestDatabases.open(url)) {
            AccessStore store = new AccessStore(db.dataSource());
            assertThat(store.firstNotice("room-a", clock.instant())).isTrue();
            assertThat(store.firstNotice("room-a", clock.instant())).isFalse();
            assertThat(store.firstNotice("room-b", clock.instant())).isTrue();
        }
        try (Database db = TestDatabases.open(url)) {
            assertThat(new AccessStore(db.dataSource()).firstNotice("room-a", clock.instant())).isFalse();
        }
    }
}
