package io.irflow.cards;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Product text in the one vocabulary: times, states and plurals inside the products' own sentences. */
class ProductTextTest {
    private static final Words WORDS = Words.utc(Instant.parse("2026-12-04T13:41:00Z"));

    @Test
    void every_timestamp_format_the_products_send_reads_the_same() {
        for (String raw : new String[]{"2026-12-04T13:38:00.661155Z", "2026-12-04T13:38:00+00:00",
                "2026-12-04T13:38:00.632Z", "2026-12-04 13:38 UTC", "2026-12-04T13:38:00"}) {
            assertThat(ProductText.words("Last seen " + raw, WORDS)).as(raw).isEqualTo("Last seen 13:38 UTC (3 min ago)");
        }
        assertThat(ProductText.words("Executed malware on WKS-1 (2026-12-04T13:38:56+00:00)", WORDS))
                .isEqualTo("Executed malware on WKS-1, 13:38 UTC (2 min ago)");
        assertThat(ProductText.words("most recent 2026-12-01", WORDS)).isEqualTo("most recent 2026-12-01");
    }

    @Test
    void states_and_plurals_become_words_without_touching_names() {
        assertThat(ProductText.words("not_isolated", WORDS)).isEqualTo("not isolated");
        assertThat(ProductText.words("pending_start", WORDS)).isEqualTo("isolation starting");
        assertThat(ProductText.words("not_isolated (isolation not available)", WORDS))
                .isEqualTo("not isolated (isolation not available)");
        assertThat(ProductText.words("3 on 1 computer(s): Executed malware ×1", WORDS))
                .isEqualTo("3 on 1 computer: Executed malware ×1");
        assertThat(ProductText.words("seen on 2 computer(s)", WORDS)).isEqualTo("seen on 2 computers");
        assertThat(ProductText.words("1 hits, 2 hits", WORDS)).isEqualTo("1 hit, 2 hits");
        assertThat(ProductText.words("invoice_2026-11.pdf.exe on WKS_FIN", WORDS))
                .isEqualTo("invoice_2026-11.pdf.exe on WKS_FIN");
        assertThat(ProductText.words(null, WORDS)).isEmpty();
    }
}
