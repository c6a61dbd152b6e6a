package io.irflow.adapters;

import io.irflow.adapters.amp.AmpConfig;
import io.irflow.adapters.amp.AmpFileBlocking;
import io.irflow.adapters.amp.AmpFileBlockingConfig;
import io.irflow.adapters.amp.AmpIsolation;
import io.irflow.adapters.ise.IseConfig;
import io.irflow.adapters.ise.IseQuarantine;
import io.irflow.adapters.umbrella.UmbrellaBlocking;
import io.irflow.adapters.umbrella.UmbrellaConfig;
import io.irflow.capabilities.AdapterException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What each containment product says a dry run would have done ({@code Containment.wouldHave}): the product's own
 * setting, the target in the form the product call would send, and the host the call would go to. No request is made
 * (the hosts below do not resolve).
 */
class DryRunWordsTest {
    private static final String GUID = "d89ca962-be71-4ac4-8624-8e26380b8e3f";
    private static final String SHA = "b630e72639cc7340620adb0cfc26332ec52fe8867b769695f2d25718d68b1b40";
    private static final AmpConfig AMP = new AmpConfig(HttpSettings.of("https://api.amp.invalid"), null, "id", "key");

    @Test
    void ise_names_the_anc_policy_the_mac_as_ise_takes_it_and_the_ers_host() throws Exception {
        IseConfig config = new IseConfig(HttpSettings.of("https://ise.example.invalid:9060"),
                HttpSettings.of("https://ise-mnt.example.invalid"), "ers", "pw", null, null, "KickFromNetwork");
        try (IseQuarantine ise = new IseQuarantine(config)) {
            assertThat(ise.wouldHave("00-50-56-a1-3c-7e", false))
                    .isEqualTo("applied ANC policy KickFromNetwork to 00:50:56:A1:3C:7E on ise.example.invalid");
            assertThat(ise.wouldHave("00:50:56:a1:3c:7e", true))
                    .isEqualTo("cleared ANC policy KickFromNetwork from 00:50:56:A1:3C:7E on ise.example.invalid");
            assertThatThrownBy(() -> ise.wouldHave("not-a-mac", false)).isInstanceOf(AdapterException.class)
                    .hasMessageContaining("not a MAC address");
        }
    }

    @Test
    void amp_isolation_names_the_connector_and_the_api_host() throws Exception {
        try (AmpIsolation amp = new AmpIsolation(AMP)) {
            assertThat(amp.wouldHave(GUID, false)).isEqualTo("isolated AMP connector " + GUID + " on api.amp.invalid");
            assertThat(amp.wouldHave(GUID, true))
                    .isEqualTo("stopped the AMP isolation of connector " + GUID + " on api.amp.invalid");
            assertThatThrownBy(() -> amp.wouldHave("WKS-0042", false)).isInstanceOf(AdapterException.class);
        }
    }

    @Test
    void amp_file_blocking_names_the_simple_custom_detection_list() throws Exception {
        try (AmpFileBlocking amp = new AmpFileBlocking(AMP, new AmpFileBlockingConfig("list-guid-1", null))) {
            assertThat(amp.wouldHave(SHA, false))
                    .isEqualTo("added " + SHA + " to AMP simple custom detection list list-guid-1 on api.amp.invalid");
            assertThat(amp.wouldHave(SHA, true))
                    .startsWith("removed " + SHA + " from AMP simple custom detection list");
        }
    }

    @Test
    void umbrella_names_the_destination_list_or_the_enforcement_block_list() throws Exception {
        try (UmbrellaBlocking v2 = new UmbrellaBlocking(new UmbrellaConfig(null, null,
                HttpSettings.of("https://api.umbrella.invalid"), "id", "secret", "15755711"));
             UmbrellaBlocking enforcement = new UmbrellaBlocking(UmbrellaConfig.enforcement("key"))) {
            assertThat(v2.wouldHave("Bad.Example.", false))
                    .isEqualTo("added bad.example to Umbrella destination list 15755711 on api.umbrella.invalid");
            assertThat(enforcement.wouldHave("bad.example", true)).isEqualTo("removed bad.example from the Umbrella "
                    + "Enforcement API block list on s-platform.api.opendns.com");
            assertThatThrownBy(() -> v2.wouldHave("https://bad.example/x", false)).isInstanceOf(AdapterException.class);
        }
    }
}
