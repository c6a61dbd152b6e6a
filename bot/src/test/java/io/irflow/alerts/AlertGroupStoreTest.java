package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.Test;

import javax.sql.DataSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import java.time.Instant;

import static io.irflow.alerts.AlertSeenStoreTest.T0;
import static io.irflow.alerts.AlertSeenStoreTest.event;
import static io.irflow.alerts.AlertSeenStoreTest.ingest;
import static org.assertj.core.api.Assertions.assertThat;

/** Alert groups: what groups together, and the first card's message id that threads the rest. */
class AlertGroupStoreTest {
    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @Test
    void a_group_knows_its_first_cards_message_once_that_card_was_posted() {
        DataSource ds = databases.open("h2");
        AlertGroupStore groups = new AlertGroupStore(ds);
        AlertOutboxStore outbox = new AlertOutboxStore(ds);
        ingest(new AlertSeenStore(ds), "c", T0, event("e1", "aa", 0), event("e2", "aa", 1));
        String key = AlertGroupStore.groupKey(event("e1", "aa", 0));
        AlertOutboxStore.OutboxRow card = outbox.due(T0, 10).get(0);

        assertThat(groups.groupMessage(key)).isEmpty();
        groups.posted(outbox.due(T0, 10).get(1).id(), "MSG-not-a-root");
        assertThat(groups.groupMessage(key)).isEmpty();
        groups.posted(card.id(), "MSG-1");
        assertThat(groups.groupMessage(key)).contains("MSG-1");
        assertThat(groups.groupMessage("no|such|group")).isEmpty();
    }

    @Test
    void events_group_by_source_host_and_threat_case_blind_preferring_the_strongest_identifiers() {
        Alert.AlertHost host = new Alert.AlertHost("WKS-1", "10.1.2.3", "00:50:56:9A:4B:1C", "GUID-1");
        Alert a = new Alert("AMP", "1", Instant.EPOCH, "Title", "Threat", null, host, "ABC", null, null, null);

        assertThat(AlertGroupStore.groupKey(a)).isEqualTo("amp|guid-1|abc");
        assertThat(AlertGroupStore.groupKey(new Alert("AMP", "2", Instant.EPOCH, "Title", "Threat", null,
                new Alert.AlertHost("wks-1", "10.1.2.3", null, " "), null, null, null, null))).isEqualTo("amp|wks-1|threat");
        assertThat(AlertGroupStore.groupKey(new Alert("AMP", "3", Instant.EPOCH, "Title", null, null, null, null, null,
                null, null))).isEqualTo("amp||title");
    }

    @Test
    void a_key_longer_than_its_column_keeps_its_start_and_a_digest_so_different_threats_stay_apart() {
        Alert a = new Alert("AMP", "1", Instant.EPOCH, null, "t".repeat(700) + "a", null, null, null, null, null, null);
        Alert b = new Alert("AMP", "2", Instant.EPOCH, null, "t".repeat(700) + "b", null, null, null, null, null, null);

        assertThat(AlertGroupStore.groupKey(a)).hasSize(600).startsWith("amp||ttt");
        assertThat(AlertGroupStore.groupKey(a)).isNotEqualTo(AlertGroupStore.groupKey(b))
                .isEqualTo(AlertGroupStore.groupKey(a));
    }
}
