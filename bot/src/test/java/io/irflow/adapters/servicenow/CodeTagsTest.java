package io.irflow.adapters.servicenow;

import io.irflow.adapters.servicenow.dto.IncidentFields;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class CodeTagsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "[code]<img src=x onerror=alert(1)>[/code]|(code)<img src=x onerror=alert(1)>(/code)",
            "[CODE]x[/CODE]|(code)x(/code)",
            "[Code]x[/cOdE]|(code)x(/code)",
            "\"[ code ]x[ /code ]\"|(code)x(/code)",
            "\"[ / code ]\"|(/code)",
            "\"[\tcode\n]x[/\r\ncode]\"|(code)x(/code)",
            "[\u00A0code\u200B]x[\uFEFF/code\u2060]|(code)x(/code)",
            "[[code]code]]|[(code)code]]",
            "a [code][code] b|a (code)(code) b",
    })
    void every_spelling_of_a_code_tag_is_made_inert(String raw, String expected) {
        assertThat(CodeTags.neutralise(raw)).isEqualTo(expected);
        assertThat(CodeTags.neutralise(expected)).as("idempotent").isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "plain note, nothing to do",
            "[codes] [co de] [decode] [code=1] code [/ codex]",
            "<b>html is escaped by ServiceNow itself</b>",
            "IR-2026-0001 [INC0010017]",
    })
    void text_without_a_code_tag_is_left_alone(String raw) {
        assertThat(CodeTags.neutralise(raw)).isEqualTo(raw);
    }

    @Test
    void null_stays_null() {
        assertThat(CodeTags.neutralise((String) null)).isNull();
    }

    @Test
    void every_string_field_of_a_write_is_neutralised() {
        String tag = "[code]x[/code]";
        IncidentFields all = new IncidentFields(tag, tag, tag, tag, tag, tag, tag, tag, tag, tag, tag, tag, tag, tag);

        IncidentFields safe = CodeTags.neutralise(all);

        assertThat(safe).isEqualTo(new IncidentFields("(code)x(/code)", "(code)x(/code)", "(code)x(/code)",
                "(code)x(/code)", "(code)x(/code)", "(code)x(/code)", "(code)x(/code)", "(code)x(/code)",
                "(code)x(/code)", "(code)x(/code)", "(code)x(/code)", "(code)x(/code)", "(code)x(/code)",
                "(code)x(/code)"));
        assertThat(CodeTags.neutralise(new IncidentFields(null, null, null, null, null, null, null, null, null, null,
                "n", null, null, null)).changesNothing()).isFalse();
    }
}
