package io.irflow.chat.commands;

import io.irflow.cards.Page;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The paging words of /contained, /audit and /incidents, and what a page says about the rest. */
class PageArgsTest {

    @Test
    void the_paging_words_pick_rows() {
        assertThat(PageArgs.parse("", 73)).contains(new Page(1, 20, 73));
        assertThat(PageArgs.parse("page 3", 73)).contains(new Page(3, 20, 73));
        assertThat(PageArgs.parse(" P  2 ", 73)).contains(new Page(2, 20, 73));
        assertThat(PageArgs.parse("--all", 73)).contains(new Page(1, 50, 73));
        assertThat(PageArgs.parse("30", 73)).contains(new Page(1, 30, 73));
        assertThat(PageArgs.parse("5000", 73)).contains(new Page(1, 50, 73));
    }

    @ParameterizedTest
    @ValueSource(strings = {"page", "page 0", "page -1", "0", "-3", "page two", "everything", "99999999999", "page 2 3"})
    void other_words_are_refused(String args) {
        assertThat(PageArgs.parse(args, 10)).isEmpty();
        assertThat(PageArgs.usage("audit")).contains("`/audit page 2`", "`/audit --all`");
    }

    @Test
    void pages_slice_and_say_what_is_left() {
        List<Integer> all = IntStream.range(0, 73).boxed().toList();
        Page last = new Page(4, 20, 73);
        assertThat(last.slice(all)).containsExactlyElementsOf(IntStream.range(60, 73).boxed().toList());
        assertThat(last.footer("audit")).isEqualTo("Showing 61–73 of 73.");
        assertThat(new Page(1, 20, 73).footer("audit"))
                .isEqualTo("Showing 1–20 of 73. 53 more: /audit page 2, or /audit --all for up to 50 at once.");
        assertThat(new Page(1, 20, 20).footer("audit")).isEmpty();
        assertThat(new Page(1, 20, 0).footer("audit")).isEmpty();
        Page past = new Page(9, 20, 73);
        assertThat(past.slice(all)).isEmpty();
        assertThat(past.footer("audit")).isEqualTo("Nothing on page 9: there are 4 pages of 20. Try /audit.");
        assertThat(new Page(Integer.MAX_VALUE, 20, 73).slice(all)).isEmpty();
    }
}
