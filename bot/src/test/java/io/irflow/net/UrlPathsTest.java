package io.irflow.net;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UrlPathsTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "...|...",
            "..x|..x",
            "%2e%2e|%252e%252e",
            "a/b|a%2Fb",
            "%2F|%252F",
            "?x=1|%3Fx%3D1",
            "#frag|%23frag",
            "\"a b\"|a%20b",
            "a+b|a%2Bb",
            "..;/admin|..%3B%2Fadmin",
            "é/ü|%C3%A9%2F%C3%BC",
            "AA:BB:CC:DD:EE:FF|AA:BB:CC:DD:EE:FF",
            "2001:db8::1|2001:db8::1",
            "aHR0cDovL3guY29t_-~|aHR0cDovL3guY29t_-~",
            "http://evil.example/x?y#z|http:%2F%2Fevil.example%2Fx%3Fy%23z",
            "a\\b|a%5Cb",
    })
    void a_segment_is_percent_encoded_so_it_stays_one_segment(String raw, String encoded) {
        assertThat(UrlPaths.segment(raw)).isEqualTo(encoded);
        assertThat(UrlPaths.of("v1", "things", raw)).isEqualTo("/v1/things/" + encoded);
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {".", "..", "../", "./x", "../../admin", "a/../b", "a/..", "..\\x", "a\\.\\b"})
    void empty_dot_and_dot_dot_steps_are_refused_because_a_proxy_or_server_may_collapse_them(String raw) {
        assertThatThrownBy(() -> UrlPaths.segment(raw)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UrlPaths.of("v1", raw, "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void control_characters_and_line_breaks_are_encoded() {
        assertThat(UrlPaths.segment("a\r\nb\u0000")).isEqualTo("a%0D%0Ab%00");
    }

    @Test
    void a_query_value_cannot_add_parameters() {
        assertThat(UrlPaths.queryValue("r1&max=1000#x")).isEqualTo("r1%26max%3D1000%23x");
        assertThat(UrlPaths.queryValue("..")).isEqualTo("..");
    }

    @Test
    void at_least_one_segment_is_needed() {
        assertThatThrownBy(UrlPaths::of).isInstanceOf(IllegalArgumentException.class);
    }
}
