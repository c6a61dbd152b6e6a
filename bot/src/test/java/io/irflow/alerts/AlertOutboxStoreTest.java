package io.irflow.alerts;

import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** The Webex outbox: due order and limit, sent rows leave, retries back off and give up, a possible copy sticks. */
class AlertOutboxStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void due_posts_come_oldest_first_up_to_the_limit_and_a_sent_one_leaves(String kind) {
        AlertOutboxStore outbox = new AlertOutboxStore(databases.open(kind));
        long first = outbox.enqueue("room", new AlertOutboxStore.Post("one", null), T0);
        long second = outbox.enqueue("room", new AlertOutboxStore.Post("two", "{\"type\":\"AdaptiveCard\"}"), T0);
        outbox.enqueue("room", new AlertOutboxStore.Post("three", null), T0.plusSeconds(60));

        assertThat(second).isGreaterThan(first);
        assertThat(outbox.due(T0, 10)).extracting(AlertOutboxStore.OutboxRow::markdown).containsExactly("one", "two");
        assertThat(outbox.due(T0.plusSeconds(60), 2)).extracting(AlertOutboxStore.OutboxRow::id).containsExactly(first, second);
        assertThat(outbox.due(T0, 10).get(1)).satisfies(r -> {
            assertThat(r.roomId()).isEqualTo("room");
            assertThat(r.cardJson()).contains("AdaptiveCard");
            assertThat(r.groupKey()).isNull();
            assertThat(r.threadOfGroup()).isFalse();
            assertThat(r.attempts()).isZero();
            assertThat(r.maybePosted()).isFalse();
        });
        assertThat(outbox.pendingPosts()).isEqualTo(3);

        outbox.sent(first, "MSG-1");

        assertThat(outbox.due(T0, 10)).extracting(AlertOutboxStore.OutboxRow::markdown).containsExactly("two");
        assertThat(outbox.pendingPosts()).isEqualTo(2);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void a_retry_waits_a_copy_that_may_exist_is_remembered_and_the_last_attempt_gives_up(String kind) {
        AlertOutboxStore outbox = new AlertOutboxStore(databases.open(kind));
        long id = outbox.enqueue("room", new AlertOutboxStore.Post("one", null), T0);

        outbox.retryLater(id, 1, T0.plusSeconds(2), "HTTP 502 " + "x".repeat(2000), 3, true);
        assertThat(outbox.due(T0.plusSeconds(1), 10)).isEmpty();
        outbox.retryLater(id, 2, T0.plusSeconds(4), "HTTP 429", 3, false);
        assertThat(outbox.due(T0.plusSeconds(4), 10)).singleElement().satisfies(r -> {
            assertThat(r.attempts()).isEqualTo(2);
            assertThat(r.maybePosted()).isTrue();
        });

        outbox.retryLater(id, 3, T0.plusSeconds(8), "HTTP 500", 3, false);

        assertThat(outbox.due(T0.plusSeconds(3600), 10)).isEmpty();
        assertThat(outbox.pendingPosts()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void only_a_held_card_can_be_released(String kind) {
        AlertOutboxStore outbox = new AlertOutboxStore(databases.open(kind));
        long plain = outbox.enqueue("room", new AlertOutboxStore.Post("plain", null), T0);

        assertThat(outbox.release(plain, new AlertOutboxStore.Post("changed", null), T0)).isFalse();
        assertThat(outbox.release(9999, new AlertOutboxStore.Post("changed", null), T0)).isFalse();
        assertThat(outbox.due(T0, 10)).extracting(AlertOutboxStore.OutboxRow::markdown).containsExactly("plain");
    }
}
