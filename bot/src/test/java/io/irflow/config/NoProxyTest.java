package io.irflow.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NoProxyTest {

    private static NoProxy of(String... entries) {
        return new NoProxy(List.of(entries));
    }

    @Test
    void an_exact_host_matches_case_insensitively_and_with_a_trailing_dot() {
        NoProxy np = of("ise.example.com");
        assertThat(np.matches("ise.example.com")).isTrue();
        assertThat(np.matches("ISE.Example.COM")).isTrue();
        assertThat(np.matches("ise.example.com.")).isTrue();
        assertThat(np.matches("cmx.example.com")).isFalse();
        assertThat(np.matches("notise.example.com")).isFalse();
    }

    @Test
    void a_domain_with_or_without_the_leading_dot_matches_itself_and_its_subdomains() {
        for (String entry : List.of(".corp.example.com", "corp.example.com", "*.corp.example.com")) {
            NoProxy np = of(entry);
            assertThat(np.matches("corp.example.com")).as(entry).isTrue();
            assertThat(np.matches("ise.corp.example.com")).as(entry).isTrue();
            assertThat(np.matches("a.b.corp.example.com")).as(entry).isTrue();
            assertThat(np.matches("evilcorp.example.com")).as(entry).isFalse();
            assertThat(np.matches("corp.example.com.evil.net")).as(entry).isFalse();
        }
    }

    @Test
    void ip_literals_match_by_address_including_ipv6_spellings_and_brackets() {
        NoProxy np = of("192.168.1.10", "::1", "[2001:db8::5]");
        assertThat(np.matches("192.168.1.10")).isTrue();
        assertThat(np.matches("192.168.1.11")).isFalse();
        assertThat(np.matches("[::1]")).isTrue();
        assertThat(np.matches("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(np.matches("2001:db8:0:0:0:0:0:5")).isTrue();
        assertThat(np.matches("[2001:db8::6]")).isFalse();
    }

    @Test
    void cidr_ranges_match_ip_literal_hosts_only() {
        NoProxy np = of("10.0.0.0/8", "172.16.0.0/12", "fd00::/8");
        assertThat(np.matches("10.1.2.3")).isTrue();
        assertThat(np.matches("11.0.0.1")).isFalse();
        assertThat(np.matches("172.31.255.255")).isTrue();
        assertThat(np.matches("172.32.0.1")).isFalse();
        assertThat(np.matches("[fd12:3456::1]")).isTrue();
        assertThat(np.matches("fe80::1")).isFalse();
        assertThat(np.matches("localhost")).as("names are not resolved to match ranges").isFalse();
    }

    @Test
    void a_star_sends_everything_direct_and_an_empty_list_nothing() {
        assertThat(of("*").matches("webexapis.com")).isTrue();
        assertThat(of().matches("webexapis.com")).isFalse();
        assertThat(of(" ", "").matches("webexapis.com")).isFalse();
    }

    @Test
    void a_port_in_an_entry_is_ignored() {
        NoProxy np = of("ise.example.com:8443", "[::1]:9060", "10.0.0.5:443");
        assertThat(np.matches("ise.example.com")).isTrue();
        assertThat(np.matches("::1")).isTrue();
        assertThat(np.matches("10.0.0.5")).isTrue();
    }

    @Test
    void a_malformed_range_is_refused_with_the_entry_named() {
        assertThatThrownBy(() -> of("10.0.0.0/33")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("10.0.0.0/33");
        assertThatThrownBy(() -> of("intranet/8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http.no_proxy");
    }
}
