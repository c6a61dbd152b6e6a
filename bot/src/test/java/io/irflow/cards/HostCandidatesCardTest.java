package io.irflow.cards;

import io.irflow.testing.CardText;
import io.irflow.testing.CardValidator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The "Which computer?" card: every candidate listed, a button each (up to the limit), no containment. */
class HostCandidatesCardTest {

    @Test
    void lists_every_candidate_with_a_button_that_names_it_and_nothing_else() {
        Card card = HostCandidatesCard.render("web01", List.of("web01.corp.example.com", "web01.lab.example.com"),
                List.of("AMP for Endpoints"));

        CardValidator.assertValid(card);
        assertThat(CardText.plain(card.content())).contains("Which computer? — web01",
                "`web01` may mean 2 computers in AMP for Endpoints", "Nothing is offered for containment",
                "web01.corp.example.com", "web01.lab.example.com");
        assertThat(CardText.titles(card.content())).containsExactly("web01.corp.example.com", "web01.lab.example.com");
        assertThat(CardText.submits(card.content())).allSatisfy(s -> {
            assertThat(s.path("data").path("action").asText()).isEqualTo("investigate.name");
            assertThat(s.path("data").path("name").asText()).startsWith("web01.");
        });
        assertThat(card.fallback()).contains("web01.corp.example.com", "web01.lab.example.com",
                "/investigate <full name>");
    }

    @Test
    void past_five_candidates_all_are_listed_and_the_rest_are_typed() {
        List<String> many = IntStream.rangeClosed(1, 7).mapToObj(i -> "web01.site" + i + ".example.com").toList();

        Card card = HostCandidatesCard.render("web01", many, List.of());

        CardValidator.assertValid(card);
        assertThat(CardText.titles(card.content())).hasSize(5);
        assertThat(CardText.plain(card.content())).contains("web01.site7.example.com", "For the others, type");
    }

    @Test
    void product_text_is_escaped() {
        Card card = HostCandidatesCard.render("web_01", List.of("web_01.a.example", "web_01.b.example"), List.of());

        assertThat(card.content().toString()).contains("- web\\\\_01.a.example").doesNotContain("- web_01");
    }
}
