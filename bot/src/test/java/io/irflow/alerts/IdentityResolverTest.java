package io.irflow.alerts;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Identity resolution against in-memory products: which answers count, and when the identity is incomplete. */
class IdentityResolverTest {
    private static final String MAC = "00:50:56:9a:4b:1c";
    private static final String IP = "10.20.30.41";

    /** A product that knows some observables (by "TYPE:value") and fails on "fail" ones. */
    private record Product(String name, Set<ObservableType> types, Map<String, List<HostDetails>> known,
                           List<Observable> asked) implements Enrichment {
        Product(String name, Set<ObservableType> types, Map<String, List<HostDetails>> known) {
            this(name, types, known, new ArrayList<>());
        }

        @Override
        public String source() {
            return name;
        }

        @Override
        public boolean supports(ObservableType type) {
            return types.contains(type);
        }

        @Override
        public Finding enrich(Observable o) throws AdapterException {
            asked.add(o);
            if (known.containsKey("fail")) {
                throw new AdapterException(name, AdapterException.Kind.UNAVAILABLE, name + " is down");
            }
            List<HostDetails> hosts = known.getOrDefault(o.toString(), List.of());
            return new Finding(name, !hosts.isEmpty(), Verdict.unknown(), List.of(), List.of(), hosts, null);
        }
    }

    private static HostDetails host(String name, List<String> ips, List<String> macs) {
        return new HostDetails(name, ips, macs, null, null, null, null, null);
    }

    private final Product ise = new Product("ISE", Set.of(ObservableType.MAC, ObservableType.IPV4), Map.of(
            "MAC:" + MAC, List.of(host(null, List.of(IP), List.of(MAC))),
            "IPV4:" + IP, List.of(host(null, List.of(IP), List.of(MAC)))));
    private final Product amp = new Product("AMP", Set.of(ObservableType.HOSTNAME, ObservableType.IPV4), Map.of(
            "IPV4:" + IP, List.of(host("FIN-LT-0042.corp.example.com", List.of(IP), List.of(MAC)),
                    host("SRV-DC-01.corp.example.com", List.of("10.0.0.1"), List.of("00:50:56:00:00:01"))),
            "HOSTNAME:wks-9", List.of(host("wks-91.corp.example.com", List.of("10.9.9.91"), List.of("00:50:56:00:00:91")))));

    @Test
    void a_mac_leads_to_its_address_and_the_host_name_of_the_computer_that_carries_it() {
        HostIdentity id = new IdentityResolver(List.of(ise, amp)).resolve(new Alert.AlertHost(null, null, MAC, null), false);

        assertThat(id.problems()).isEmpty();
        assertThat(id.targetMac()).isEqualTo(MAC);
        assertThat(id.knownIps()).containsExactly(IP);
        // AMP's other hit for the address (a computer that only talked to it) is not this host.
        assertThat(id.knownHostnames()).containsExactly("fin-lt-0042.corp.example.com");
        assertThat(id.allMacs()).containsExactly(MAC);
    }

    @Test
    void an_inbound_alerts_own_claims_are_checked_but_never_count_as_known() {
        HostIdentity id = IdentityResolver.none().resolve(new Alert.AlertHost("WKS-1", IP, MAC, null), false);
        HostIdentity polled = IdentityResolver.none().resolve(new Alert.AlertHost("WKS-1", IP, MAC, null), true);

        assertThat(id.allHostnames()).containsExactly("wks-1");
        assertThat(id.knownHostnames()).isEmpty();
        assertThat(id.knownIps()).isEmpty();
        assertThat(polled.knownHostnames()).containsExactly("wks-1");
    }

    @Test
    void a_host_name_only_takes_an_exact_or_short_name_match_and_a_failed_lookup_is_a_problem() {
        HostIdentity closest = new IdentityResolver(List.of(amp)).resolve(new Alert.AlertHost("wks-9", null, null, null), false);
        Product down = new Product("ISE", Set.of(ObservableType.MAC), Map.of("fail", List.of()));
        HostIdentity failed = new IdentityResolver(List.of(down)).resolve(new Alert.AlertHost(null, null, MAC, null), false);

        assertThat(closest.knownHostnames()).isEmpty();
        assertThat(closest.targetMac()).isNull();
        assertThat(failed.problems()).containsExactly("ISE could not look up " + MAC);
    }

    @Test
    void an_address_with_several_macs_names_no_target_and_lookups_are_bounded() {
        Product twoNics = new Product("AMP", Set.of(ObservableType.IPV4), Map.of("IPV4:" + IP,
                List.of(host("wks-2", List.of(IP), List.of(MAC, "00:50:56:00:00:02")))));
        HostIdentity id = new IdentityResolver(List.of(twoNics)).resolve(new Alert.AlertHost(null, IP, null, null), false);

        assertThat(id.targetMac()).isNull();
        assertThat(id.problems()).containsExactly("the products name 2 MACs for it");
        assertThat(twoNics.asked()).hasSizeLessThanOrEqualTo(IdentityResolver.MAX_LOOKUPS);
    }

    @Test
    void the_hosts_of_an_address_are_only_those_that_carry_it_without_following_their_other_identifiers() {
        List<HostDetails> hosts = new IdentityResolver(List.of(ise, amp)).hostsOf(IP);

        assertThat(hosts).containsExactly(host(null, List.of(IP), List.of(MAC)),
                host("FIN-LT-0042.corp.example.com", List.of(IP), List.of(MAC)));
        assertThat(ise.asked()).containsExactly(new Observable(ObservableType.IPV4, IP));
        assertThat(amp.asked()).containsExactly(new Observable(ObservableType.IPV4, IP));
        assertThat(new IdentityResolver(List.of(ise, amp)).hostsOf("not-an-ip")).isEmpty();
    }
}
