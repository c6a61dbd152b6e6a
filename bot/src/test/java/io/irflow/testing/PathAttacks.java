package io.irflow.testing;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.capabilities.AdapterException;
import org.junit.jupiter.params.provider.Arguments;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Hostile values for URL path parameters (issue 12 point 5) and the exact, hand-written segment each must become on
 * the wire, plus the values that must be refused before any request. Shared by every adapter's path test.
 */
public final class PathAttacks {
    private PathAttacks() {
    }

    /** (value, segment as sent): encoded slash, slash, query and fragment injection, space, unicode. */
    public static Stream<Arguments> encoded() {
        return Stream.of(
                Arguments.of("%2F", "%252F"),
                Arguments.of("%2e%2e", "%252e%252e"),
                Arguments.of("a/b", "a%2Fb"),
                Arguments.of("?x=1", "%3Fx%3D1"),
                Arguments.of("#frag", "%23frag"),
                Arguments.of("a b", "a%20b"),
                Arguments.of("..;x", "..%3Bx"),
                Arguments.of("été/ü", "%C3%A9t%C3%A9%2F%C3%BC"));
    }

    /**
     * Values that cannot be a path segment safely: a client or proxy may collapse them into the parent, and a server
     * that decodes %2F before normalising would see the parent step of {@code ../}.
     */
    public static Stream<String> refused() {
        return Stream.of("..", ".", "../", "../../admin", "a/../b", "..\\x");
    }

    /**
     * A client call that puts {@code value} into its URL path between {@code before} and {@code after}.
     *
     * @param query the exact query string the call adds itself, or null for none
     */
    public record Endpoint<C>(String name, String before, String after, String query, ClientCall<C> call) {
        /** The raw path the server must see for a value encoded as {@code segment}. */
        public String path(String segment) {
            return before + segment + after;
        }

        @Override
        public String toString() {
            return name;
        }
    }

    /** One call on a client. */
    @FunctionalInterface
    public interface ClientCall<C> {
        void send(C client, String value) throws Exception;
    }

    /** Every endpoint crossed with every value of {@link #encoded()}: (endpoint, value, segment as sent). */
    public static <C> Stream<Arguments> cases(List<Endpoint<C>> endpoints) {
        return endpoints.stream().flatMap(e -> encoded().map(a -> Arguments.of(e, a.get()[0], a.get()[1])));
    }

    /** Every endpoint crossed with every value of {@link #refused()}. */
    public static <C> Stream<Arguments> refusals(List<Endpoint<C>> endpoints) {
        return endpoints.stream().flatMap(e -> refused().map(v -> Arguments.of(e, v)));
    }

    /** Sends the call; what the product answered does not matter here (the stubs answer 404), only what was asked. */
    public static <C> void sendIgnoringAnswer(Endpoint<C> endpoint, C client, String value) {
        try {
            endpoint.call().send(client, value);
        } catch (AdapterException e) {
            assertThat(e.kind()).as("the product's answer, not a refusal")
                    .isNotEqualTo(AdapterException.Kind.BAD_INPUT);
        } catch (Exception e) {
            throw new AssertionError(endpoint.name() + " failed unexpectedly", e);
        }
    }

    /** Asserts the call is refused as BAD_INPUT and nothing reached the server. */
    public static <C> void assertRefusedBeforeAnyRequest(WireMockExtension wm, Endpoint<C> endpoint, C client,
                                                         String value) {
        assertThatThrownBy(() -> endpoint.call().send(client, value))
                .isInstanceOfSatisfying(AdapterException.class,
                        e -> assertThat(e.kind()).isEqualTo(AdapterException.Kind.BAD_INPUT));
        assertThat(urls(wm)).as("requests sent").isEmpty();
    }

    /**
     * Asserts the only request went to exactly {@code path} and its query holds exactly these parameters (decoded):
     * a hostile value stayed one parameter value.
     */
    public static void assertOnlyRequestWithQuery(WireMockExtension wm, String path, Map<String, String> params) {
        List<ServeEvent> events = wm.getAllServeEvents();
        assertThat(events).hasSize(1);
        LoggedRequest request = events.get(0).getRequest();
        String url = request.getUrl();
        assertThat(url.contains("?") ? url.substring(0, url.indexOf('?')) : url).isEqualTo(path);
        assertThat(url).doesNotContain("#");
        Map<String, String> sent = new TreeMap<>();
        request.getQueryParams().forEach((k, v) -> {
            assertThat(v.values()).as("values of " + k).hasSize(1);
            sent.put(k, v.firstValue());
        });
        assertThat(sent).isEqualTo(new TreeMap<>(params));
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
