package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.amp.AmpClient;
import io.irflow.adapters.amp.AmpConfig;
import io.irflow.adapters.amp.AmpFileBlocking;
import io.irflow.adapters.amp.AmpFileBlockingConfig;
import io.irflow.adapters.amp.AmpIsolation;
import io.irflow.adapters.ise.IseClient;
import io.irflow.adapters.ise.IseConfig;
import io.irflow.adapters.ise.IseQuarantine;
import io.irflow.adapters.umbrella.UmbrellaBlocking;
import io.irflow.adapters.umbrella.UmbrellaConfig;
import io.irflow.capabilities.ContainmentResult.Change;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What verified containment reads back after a write (the products' own state: ISE's ANC endpoint lookup, AMP's
 * isolation status and simple custom detection list, Umbrella's block list), through the real adapters and clients
 * against the simulators: each read agrees with the writes the simulator accepted, so the demo's checks see what a
 * real product would show, including the cases a check exists for (AMP still starting, Umbrella's safeguards).
 */
class ContainmentReadsSimTest {
    static SimServer s;
    static AmpConfig amp;

    @BeforeAll
    static void start() {
        s = new SimServer();
        amp = new AmpConfig(HttpSettings.of(s.base("amp4e")), null, s.creds.ampClientId(), s.creds.ampApiKey());
    }

    @AfterAll
    static void stop() {
        s.close();
    }

    @Test
    void ise_anc_endpoint_lookup_shows_the_policy_applied_to_that_mac_only_until_it_is_cleared() throws Exception {
        IseConfig config = new IseConfig(HttpSettings.of(s.base("ise")), HttpSettings.of(s.base("ise.mnt_url")),
                s.creds.iseUser(), s.creds.isePassword(), null, null, "Quarantine");
        String mac = s.company.hosts().get(1).mac().toUpperCase(Locale.ROOT);
        String other = s.company.hosts().get(2).mac().toUpperCase(Locale.ROOT);
        try (IseClient client = new IseClient(config);
             IseQuarantine quarantine = new IseQuarantine(client, "Quarantine")) {
            assertThat(client.ancEndpointByMac(mac)).isEmpty();
            assertThat(quarantine.apply(mac.toLowerCase(Locale.ROOT)).change()).isEqualTo(Change.DONE);
            assertThat(client.applyByMac(other, "ANC_PortBounce")).isNotNull();
            assertThat(client.ancEndpointByMac(mac)).hasValueSatisfying(e -> {
                assertThat(e.macAddress()).isEqualTo(mac);
                assertThat(e.policyName()).isEqualTo("Quarantine");
            });
            assertThat(client.ancEndpointByMac(other)).hasValueSatisfying(e ->
                    assertThat(e.policyName()).isEqualTo("ANC_PortBounce"));
            assertThat(quarantine.isContained(mac)).contains(true);
            assertThat(quarantine.isContained(other)).contains(false);

            assertThat(quarantine.undo(mac).change()).isEqualTo(Change.DONE);
            assertThat(client.ancEndpointByMac(mac)).isEmpty();
            assertThat(quarantine.isContained(mac)).contains(false);
            assertThat(client.ancEndpointByMac(other)).isPresent();
            client.clearByMac(other, "ANC_PortBounce");
        }
    }

    @Test
    void amp_isolation_reads_pending_start_then_isolated_then_pending_stop_then_not_isolated() throws Exception {
        String guid = s.company.hosts().get(2).connectorGuid();
        try (AmpClient client = new AmpClient(amp); AmpIsolation isolation = new AmpIsolation(client, "IR")) {
            assertThat(client.isolation(guid).status()).isEqualTo("not_isolated");
            assertThat(isolation.apply(guid).change()).isEqualTo(Change.DONE);
            assertThat(client.isolation(guid).status()).isEqualTo("pending_start");
            s.clock.advance(AmpContainment.SETTLE.minusMillis(1));
            assertThat(client.isolation(guid).status()).as("still starting just before it settles")
                    .isEqualTo("pending_start");
            s.clock.advance(Duration.ofMillis(1));
            assertThat(client.isolation(guid).status()).isEqualTo("isolated");
            assertThat(isolation.isContained(guid)).contains(true);

            assertThat(isolation.undo(guid).change()).isEqualTo(Change.DONE);
            assertThat(client.isolation(guid).status()).isEqualTo("pending_stop");
            s.clock.advance(AmpContainment.SETTLE);
            assertThat(client.isolation(guid).status()).isEqualTo("not_isolated");
            assertThat(isolation.isContained(guid)).contains(false);
        }
    }

    @Test
    void amp_simple_custom_detection_list_holds_a_blocked_hash_until_it_is_unblocked() throws Exception {
        String sha = s.company.threat().sha256();
        try (AmpFileBlocking blocking = new AmpFileBlocking(amp,
                new AmpFileBlockingConfig(ProductSimulators.ampBlockListGuid(), null))) {
            assertThat(blocking.isContained(sha)).contains(false);
            assertThat(blocking.apply(sha).change()).isEqualTo(Change.DONE);
            assertThat(blocking.isContained(sha)).contains(true);
            assertThat(blocking.isContained("0".repeat(64))).contains(false);
            assertThat(blocking.undo(sha).change()).isEqualTo(Change.DONE);
            assertThat(blocking.isContained(sha)).contains(false);
        }
    }

    @Test
    void umbrella_block_list_holds_an_accepted_domain_but_not_one_its_safeguards_kept_off() throws Exception {
        UmbrellaConfig config = new UmbrellaConfig(HttpSettings.of(s.base("umbrella")), s.creds.umbrellaCustomerKey(),
                null, null, null, null);
        String c2 = s.company.threat().c2Domain();
        try (UmbrellaBlocking blocking = new UmbrellaBlocking(config)) {
            assertThat(blocking.isContained(c2)).contains(false);
            assertThat(blocking.apply(c2).change()).isEqualTo(Change.DONE);
            assertThat(blocking.isContained(c2)).contains(true);
            // Umbrella answers 202 for a well-known domain and keeps it off the list: only the read shows it.
            assertThat(blocking.apply("www.cisco.com").change()).isEqualTo(Change.DONE);
            assertThat(blocking.isContained("www.cisco.com")).contains(false);
            assertThat(blocking.undo(c2).change()).isEqualTo(Change.DONE);
            assertThat(blocking.isContained(c2)).contains(false);
        }
    }
}
