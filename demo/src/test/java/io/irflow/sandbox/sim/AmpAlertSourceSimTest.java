package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.amp.AmpAlertSource;
import io.irflow.adapters.amp.AmpConfig;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource.Batch;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class AmpAlertSourceSimTest {

    @Test
    void the_infected_hosts_events_arrive_after_start_and_repolls_repeat_only_known_ids() throws Exception {
        try (SimServer s = new SimServer();
             AmpAlertSource source = new AmpAlertSource(new AmpConfig(HttpSettings.of(s.base("amp4e")), null,
                     s.creds.ampClientId(), s.creds.ampApiKey()), s.clock, null, Duration.ofHours(1),
                     Duration.ofMinutes(2), 100)) {
            Batch first = source.poll(null);
            assertThat(first.alerts()).isEmpty();

            s.clock.advance(Duration.ofSeconds(30));
            Batch batch = source.poll(first.nextCursor());
            assertThat(batch.alerts()).extracting(Alert::title)
                    .containsExactly("Threat Detected", "Quarantine Failure", "Executed malware");
            assertThat(batch.alerts()).allSatisfy(a -> {
                assertThat(a.host().hostname()).isEqualTo(s.company.infected().hostname());
                assertThat(a.host().mac()).isEqualTo(s.company.infected().mac());
                assertThat(a.sha256()).isEqualTo(s.company.threat().sha256());
            });

            Batch again = source.poll(batch.nextCursor());
            assertThat(again.alerts()).extracting(Alert::id)
                    .isSubsetOf(batch.alerts().stream().map(Alert::id).toList());
        }
    }
}
