package io.irflow.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile values for URL path parameters (issue 12 point 5) and the exact, hand-written segment each must become on
 * the wire, plus the values that must be refused before any request. Shared by every adapter's path test.
 */
public final class PathAttacks {
    private PathAttacks() {
    }

    /** (value, segment as sent): traversal, encoded slash, query and fragment injection, space, unicode. */
    public static Stream<Arguments> encoded() {
        return Stream.of(
                Arguments.of("../", "..%2F"),
                Arguments.of("../../admin", "..%2F..%2Fadmin"),
                Arguments.of("%2F", "%252F"),
                Arguments.of("a/b", "a%2Fb"),
                Arguments.of("?x=1", "%3Fx%3D1"),
                Arguments.of("#frag", "%23frag"),
                Arguments.of("a b", "a%20b"),
                Arguments.of("..;x", "..%3Bx"),
                Arguments.of("été/ü", "%C3%A9t%C3%A9%2F%C3%BC"));
    }

    /** Values that cannot be a path segment safely: a client or proxy may collapse them into the parent. */
    public static Stream<String> refused() {
        return Stream.of("..", ".");
    }

    /** The raw (still encoded) URL of every request the server got, in order. */
    public static List<String> urls(WireMockExtension wm) {
        List<ServeEvent> events = new ArrayList<>(wm.getAllServeEvents());
        Collections.reverse(events); // the journal lists the newest first
        return events.stream().map(e -> e.getRequest().getUrl()).toList();
    }

    /** Asserts the only request went to exactly this path, with exactly this query (null: none). */
    public static void assertOnlyRequest(WireMockExtension wm, String path, String query) {
        assertThat(urls(wm)).containsExactly(query == null ? path : path + "?" + query);
    }
}
