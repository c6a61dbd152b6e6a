package io.irflow.alerts;

import io.irflow.capabilities.Alert;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The auto-quarantine rules on their own: which alerts are considered and what a resolved identity leads to. */
class QuarantinePolicyTest {
    private static final String MAC = "00:50:56:9a:4b:1c";

    @Test
    void inbound_alerts_are_considered_only_with_auto_quarantine_inbound() {
        Alert a = new Alert("inbound:siem", "1", Instant.EPOCH, "Executed Malware", null, null,
                new Alert.AlertHost(null, "10.1.2.3", null, null), null, null, null, null);

        assertThat(new QuarantinePolicy(true, false, Set.of("executed malware"), List.of()).candidate(a, true)).isFalse();
        assertThat(new QuarantinePolicy(true, false, Set.of("executed malware"), List.of()).candidate(a, false)).isTrue();
        assertThat(new QuarantinePolicy(true, true, Set.of("Executed malware"), List.of()).candidate(a, true)).isTrue();
        assertThat(new QuarantinePolicy(false, true, Set.of("Executed malware"), List.of()).candidate(a, true)).isFalse();
        assertThat(new QuarantinePolicy(true, true, Set.of("Threat Detected"), List.of()).candidate(a, true)).isFalse();
    }

    @Test
    void entries_match_macs_in_any_form_prefixes_ipv4_and_ipv6_ranges_and_host_globs() {
        QuarantinePolicy p = new QuarantinePolicy(true, true, Set.of(), List.of("0050.569A.4B1C", "AA-BB-CC-*",
                "2001:db8::/32", "10.30.0.15", "SRV-*"));

        assertThat(p.excludedBy(id(Set.of(), Set.of(), Set.of(MAC)))).contains("0050.569A.4B1C");
        assertThat(p.excludedBy(id(Set.of(), Set.of(), Set.of("aa:bb:cc:00:11:22")))).contains("AA-BB-CC-*");
        assertThat(p.excludedBy(id(Set.of(), Set.of("2001:db8:1::7"), Set.of()))).contains("2001:db8::/32");
        assertThat(p.excludedBy(id(Set.of(), Set.of("10.30.0.15"), Set.of()))).contains("10.30.0.15");
        assertThat(p.excludedBy(id(Set.of("srv-file-01.corp.example.com"), Set.of(), Set.of()))).contains("SRV-*");
        assertThat(p.excludedBy(id(Set.of("wks-srv-1"), Set.of("10.30.0.16", "2001:db9::1"),
                Set.of("aa:bb:cd:00:11:22")))).isEmpty();
    }

    @Test
    void a_host_the_list_cannot_be_checked_against_is_unresolved_and_an_excluded_one_stays_excluded() {
        QuarantinePolicy names = new QuarantinePolicy(true, true, Set.of(), List.of("SRV-*"));
        QuarantinePolicy ranges = new QuarantinePolicy(true, true, Set.of(), List.of("10.10.0.0/24"));
        HostIdentity onlyMac = new HostIdentity(Set.of(), Set.of(), Set.of(MAC), Set.of(), Set.of(), MAC, List.of());
        HostIdentity named = new HostIdentity(Set.of("wks-1"), Set.of("10.1.2.3"), Set.of(MAC), Set.of("wks-1"),
                Set.of("10.1.2.3"), MAC, List.of());
        HostIdentity failed = new HostIdentity(Set.of("srv-dc-01"), Set.of(), Set.of(MAC), Set.of(), Set.of(), MAC,
                List.of("ISE could not look up " + MAC));

        assertThat(names.decide(onlyMac)).isInstanceOf(QuarantinePolicy.Unresolved.class);
        assertThat(ranges.decide(onlyMac)).isInstanceOf(QuarantinePolicy.Unresolved.class);
        assertThat(names.decide(named)).isEqualTo(new QuarantinePolicy.Quarantine(MAC));
        assertThat(ranges.decide(named)).isEqualTo(new QuarantinePolicy.Quarantine(MAC));
        assertThat(new QuarantinePolicy(true, true, Set.of(), List.of()).decide(onlyMac))
                .isEqualTo(new QuarantinePolicy.Quarantine(MAC));
        assertThat(names.decide(failed)).isEqualTo(new QuarantinePolicy.Excluded("SRV-*"));
        assertThat(ranges.decide(failed)).isInstanceOf(QuarantinePolicy.Unresolved.class);
        assertThat(ranges.decide(new HostIdentity(Set.of(), Set.of("10.1.2.3"), Set.of(), Set.of(), Set.of("10.1.2.3"),
                null, List.of()))).isEqualTo(new QuarantinePolicy.Unresolved("no product names a MAC for it"));
    }

    private static HostIdentity id(Set<String> names, Set<String> ips, Set<String> macs) {
        return new HostIdentity(names, ips, macs, names, ips, macs.isEmpty() ? null : macs.iterator().next(), List.of());
    }
}
