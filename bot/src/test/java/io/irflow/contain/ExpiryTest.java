package io.irflow.contain;

import io.irflow.cards.Words;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading {@code --for 4h}, the picker's values and {@code /extend}'s lengths, and saying them back. */
class ExpiryTest {

    @ParameterizedTest
    @CsvSource({"4h,240", "90m,90", "2d,2880", "1h30m,90", "1h 30m,90", "4 hours,240", "7d,10080", "24H,1440",
            "5m,5", "30d,43200", "45 min,45"})
    void lengths_are_read_in_minutes_hours_and_days(String text, long minutes) {
        assertThat(Expiry.parse(text)).contains(Duration.ofMinutes(minutes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"none", "never", "keep", "NONE", " no "})
    void none_means_no_expiry(String text) {
        assertThat(Expiry.parse(text)).isEmpty();
    }

    @Test
    void lengths_irflow_does_not_take_get_a_sentence_saying_why_and_what_to_type() {
        assertThatThrownBy(() -> Expiry.parse("soon")).isInstanceOf(Expiry.Invalid.class)
                .hasMessage("`soon` is not a length: use minutes, hours or days, e.g. `90m`, `4h` or `2d`.");
        assertThatThrownBy(() -> Expiry.parse("4x")).hasMessageContaining("is not a length");
        assertThatThrownBy(() -> Expiry.parse("-4h")).hasMessageContaining("is not a length");
        assertThatThrownBy(() -> Expiry.parse("4h`rm")).hasMessageStartingWith("`4hrm`");
        assertThatThrownBy(() -> Expiry.parse("")).hasMessageContaining("is not a length");
        assertThatThrownBy(() -> Expiry.parse("2m")).isInstanceOf(Expiry.Invalid.class)
                .hasMessage("`2m` is too short: a containment holds at least 5 min.");
        assertThatThrownBy(() -> Expiry.parse("31d")).isInstanceOf(Expiry.Invalid.class)
                .hasMessageStartingWith("`31d` is too long: a containment holds at most 30 days");
        assertThatThrownBy(() -> Expiry.parse("999999h")).hasMessageContaining("too long");
    }

    @Test
    void for_is_taken_out_of_a_commands_arguments() {
        assertThat(Expiry.strip("WKS-0042 --for 4h")).isEqualTo(new Expiry.Typed("WKS-0042",
                Optional.of(Duration.ofHours(4))));
        assertThat(Expiry.strip("--for=90m bad.example")).isEqualTo(new Expiry.Typed("bad.example",
                Optional.of(Duration.ofMinutes(90))));
        assertThat(Expiry.strip("bad.example")).isEqualTo(new Expiry.Typed("bad.example", Optional.empty()));
        assertThat(Expiry.strip("bad.example --for none")).isEqualTo(new Expiry.Typed("bad.example",
                Optional.empty()));
        assertThat(Expiry.strip("http://x.example/--format")).isEqualTo(new Expiry.Typed("http://x.example/--format",
                Optional.empty()));
        assertThatThrownBy(() -> Expiry.strip("WKS-0042 --for")).isInstanceOf(Expiry.Invalid.class)
                .hasMessage("`--for` needs a length, e.g. `--for 4h`, `--for 90m` or `--for 2d`.");
        assertThatThrownBy(() -> Expiry.strip("WKS-0042 --for ever")).hasMessageContaining("`ever` is not a length");
    }

    @Test
    void lengths_are_said_and_written_back_as_people_type_them() {
        assertThat(Expiry.words(Duration.ofMinutes(90))).isEqualTo("1 h 30 min");
        assertThat(Expiry.words(Duration.ofHours(4))).isEqualTo("4 h");
        assertThat(Expiry.words(Duration.ofDays(1))).isEqualTo("24 h");
        assertThat(Expiry.words(Duration.ofDays(7))).isEqualTo("7 days");
        assertThat(Expiry.words(Duration.ofMinutes(45))).isEqualTo("45 min");
        for (Expiry.Choice c : Expiry.CHOICES) {
            Optional<Duration> d = Expiry.parse(c.value());
            assertThat(d.map(Expiry::value).orElse(Expiry.NONE)).isEqualTo(c.value());
        }
        assertThat(Expiry.value(Duration.ofMinutes(90))).isEqualTo("90m");
        assertThat(Expiry.value(Duration.ofDays(2))).isEqualTo("2d");
    }

    @Test
    void words_say_how_long_until_an_expiry_to_the_minute() {
        Instant now = Instant.parse("2026-12-04T06:26:30Z");
        Words w = Words.utc(now);
        assertThat(w.until(now.plus(Duration.ofHours(4)).minusSeconds(31))).isEqualTo("in 3 h 59 min");
        assertThat(w.until(now.plus(Duration.ofHours(4)))).isEqualTo("in 4 h");
        assertThat(w.until(now.plusSeconds(12 * 60 + 5))).isEqualTo("in 12 min");
        assertThat(w.until(now.plus(Duration.ofHours(51)))).isEqualTo("in 2 days 3 h");
        assertThat(w.until(now.plusSeconds(20))).isEqualTo("in under a minute");
        assertThat(w.until(now.minusSeconds(1))).isEqualTo("now");
        assertThat(w.absolute(now.plus(Duration.ofHours(4)))).isEqualTo("10:26 UTC");
    }

    @Test
    void the_room_is_reminded_15_minutes_before_or_half_way_through_a_short_hold() {
        Instant t = Instant.parse("2026-12-04T06:26:00Z");
        assertThat(Expiries.remindAt(row(t, t.plus(Duration.ofHours(4))))).isEqualTo(t.plus(Duration.ofMinutes(225)));
        assertThat(Expiries.remindAt(row(t, t.plus(Duration.ofMinutes(20))))).isEqualTo(t.plus(Duration.ofMinutes(10)));
    }

    private static ContainedTargetStore.Row row(Instant since, Instant until) {
        return new ContainedTargetStore.Row(io.irflow.capabilities.ContainmentKind.QUARANTINE, "m", "m", "ISE", since,
                "alice", "room", until);
    }
}
