package io.irflow.incidents;

import io.irflow.alerts.AlertOutboxStore;
import io.irflow.alerts.AlertSeenStore;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What an Open incident button opens: a stored investigated observable, else the alert behind the reference. */
class IncidentSeedStoreTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_offered_observable_is_found_by_its_reference_and_unknown_or_blank_references_find_nothing(String kind) {
        IncidentSeedStore seeds = new IncidentSeedStore(databases.open(kind), ref -> java.util.Optional.empty());
        Observable o = new Observable(ObservableType.SHA256, "a".repeat(64));

        String ref = seeds.offer("Investigated " + "t".repeat(600), o, "malicious (AMP)", T0);
        String plain = seeds.offer("Investigated 10.1.2.3", new Observable(ObservableType.IPV4, "10.1.2.3"), null, T0);

        assertThat(ref).startsWith("inv-").isNotEqualTo(plain);
        assertThat(seeds.find(ref)).hasValueSatisfying(s -> {
            assertThat(s.title()).hasSize(500);
            assertThat(s.observables()).containsExactly(o);
            assertThat(s.verdicts()).isEqualTo(Map.of(o.value(), "malicious (AMP)"));
            assertThat(s.detectedAt()).isNull();
        });
        assertThat(seeds.find(plain)).hasValueSatisfying(s -> assertThat(s.verdicts()).isEmpty());
        assertThat(seeds.find("inv-unknown")).isEmpty();
        assertThat(seeds.find(" ")).isEmpty();
        assertThat(seeds.find(null)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void an_alerts_reference_opens_its_host_and_hash_with_the_time_it_was_seen(String kind) {
        DataSource ds = databases.open(kind);
        Alert a = new Alert("AMP for Endpoints", "e1", T0, "Executed malware", null, null,
                new Alert.AlertHost("WKS-1", "10.1.2.3", "00-50-56-9A-4B-1C", null), "ABC", null, null, null);
        String ref = new AlertSeenStore(ds).ingest(a.source(), List.of(a), "c", "room", Duration.ofMinutes(10), T0,
                new AlertSeenStore.Renderer() {
                    @Override
                    public AlertOutboxStore.Post card(Alert alert, String alertRef) {
                        return new AlertOutboxStore.Post("card", null);
                    }

                    @Override
                    public AlertOutboxStore.Post update(Alert alert, int count) {
                        return new AlertOutboxStore.Post("update", null);
                    }
                }).get(0).ref();

        assertThat(new IncidentSeedStore(ds, r -> new AlertSeenStore(ds).alertOf(r)
                .map(x -> IncidentSeedStore.fromAlert(x.title(), x.host(), x.sha256(), x.at()))).find(ref)).hasValueSatisfying(s -> {
            assertThat(s.title()).isEqualTo("Executed malware on WKS-1");
            assertThat(s.observables()).containsExactly(new Observable(ObservableType.HOSTNAME, "wks-1"),
                    new Observable(ObservableType.IPV4, "10.1.2.3"), new Observable(ObservableType.MAC, "00:50:56:9a:4b:1c"),
                    new Observable(ObservableType.SHA256, "abc"));
            assertThat(s.detectedAt()).isEqualTo(T0);
        });
    }
}
