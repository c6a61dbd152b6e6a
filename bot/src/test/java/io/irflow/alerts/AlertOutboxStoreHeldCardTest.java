package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.store.Database;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A card held for an automatic action: recorded with the alert, not posted until released with the outcome, and
 * posted as first drawn once its hold runs out (a crash or a hung product between recording and acting).
 */
class AlertOutboxStoreHeldCardTest {
    private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

    private final Database database = TestDatabases.open(TestConfigs.memoryDatabase());
    private final AlertSeenStore seen = new AlertSeenStore(database.dataSource());
    private final AlertOutboxStore store = new AlertOutboxStore(database.dataSource());

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_held_card_waits_for_its_release_and_goes_out_with_the_outcome() {
        AlertSeenStore.Ingested i = ingestHeld("e1");

        assertThat(i.heldPost()).isNotNull();
        assertThat(store.due(NOW, 10)).isEmpty();

        assertThat(store.release(i.heldPost(), new AlertOutboxStore.Post("outcome", "{}"), NOW)).isTrue();

        assertThat(store.due(NOW, 10)).singleElement().satisfies(r -> assertThat(r.markdown()).isEqualTo("outcome"));
        assertThat(store.release(i.heldPost(), new AlertOutboxStore.Post("again", null), NOW)).isFalse();
    }

    @Test
    void a_held_card_never_released_goes_out_as_first_drawn_when_its_hold_runs_out() {
        AlertSeenStore.Ingested i = ingestHeld("e2");

        assertThat(store.due(NOW.plus(AlertOutboxStore.HOLD).minusSeconds(1), 10)).isEmpty();
        assertThat(store.due(NOW.plus(AlertOutboxStore.HOLD), 10)).singleElement()
                .satisfies(r -> assertThat(r.markdown()).isEqualTo("as first drawn"));

        store.sent(store.due(NOW.plus(AlertOutboxStore.HOLD), 10).get(0).id(), "MSG-1");
        assertThat(store.release(i.heldPost(), new AlertOutboxStore.Post("too late", null), NOW.plus(AlertOutboxStore.HOLD))).isFalse();
    }

    private AlertSeenStore.Ingested ingestHeld(String id) {
        Alert a = new Alert("AMP for Endpoints", id, NOW, "Executed malware", null, null,
                new Alert.AlertHost("wks-1", "10.1.2.3", "00:50:56:9a:4b:1c", null), null, null, null, null);
        List<AlertSeenStore.Ingested> fresh = seen.ingest(a.source(), List.of(a), "cursor", "room", Duration.ofMinutes(10), NOW,
                new AlertSeenStore.Renderer() {
                    @Override
                    public AlertOutboxStore.Post card(Alert alert, String ref) {
                        return new AlertOutboxStore.Post("as first drawn", "{}", true);
                    }

                    @Override
                    public AlertOutboxStore.Post update(Alert alert, int count) {
                        return new AlertOutboxStore.Post("update", null);
                    }
                });
        assertThat(seen.seen(a.source(), id)).isTrue();
        return fresh.get(0);
    }
}
