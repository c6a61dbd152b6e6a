package io.irflow.adapters.amp;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code alerts.amp_event_types} as the config writes it: ids, blanks around them allowed, nothing else. */
class AmpEventTypesTest {

    @Test
    void ids_are_parsed_in_order_and_blanks_around_them_ignored() {
        assertThat(AmpEventTypes.parse(List.of("1090519054", " 553648143 "))).containsExactly(1090519054L, 553648143L);
        assertThat(AmpEventTypes.parse(List.of())).isEmpty();
    }

    @Test
    void a_name_instead_of_an_id_is_refused_with_the_config_key() {
        assertThatThrownBy(() -> AmpEventTypes.parse(List.of("1090519054", "Threat Detected")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("alerts.amp_event_types: 'Threat Detected' is not an AMP event type id");
    }
}
