package io.irflow.sandbox.webex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A small HTTP client for the tests, and the "same fields and types as the fixture" check. */
final class Api {
    /** A status, the headers' tracking id, and the JSON body. */
    record Answer(int status, String trackingId, JsonNode body) {
    }

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final String token;

    Api(String base, String token) {
        this.base = base;
        this.token = token;
    }

    Answer get(String path) {
        return send("GET", path, null);
    }

    Answer post(String path, Object body) {
        return send("POST", path, body);
    }

    Answer send(String method, String path, Object body) {
        try {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).header("Content-Type", "application/json")
                    .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(Json.mapper().writeValueAsBytes(body)));
            if (token != null) {
                b.header("Authorization", "Bearer " + token);
            }
            HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode json = r.body().isEmpty() ? null : Json.mapper().readTree(r.body());
            return new Answer(r.statusCode(), r.headers().firstValue("trackingid").orElse(null), json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** JSON of a map, for request bodies. */
    static Map<String, Object> body(Object... kv) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    /**
     * Every field of {@code actual} exists in one of the fixtures ({@code a.json+b.json}: the first is the primary
     * one) with the same JSON type (a fixture null matches anything), recursively for objects, and every
     * {@code required} field is present in both the answer and the primary fixture.
     */
    static void assertShapeLike(JsonNode actual, String fixtures, String... required) {
        String[] names = fixtures.split("\\+");
        ObjectNode expected = Fixtures.json("fixtures/webex/" + names[0]);
        for (int i = names.length - 1; i > 0; i--) {
            ObjectNode more = Fixtures.json("fixtures/webex/" + names[i]);
            more.fields().forEachRemaining(f -> {
                if (!expected.has(f.getKey()) || expected.get(f.getKey()).isNull()) {
                    expected.set(f.getKey(), f.getValue());
                }
            });
        }
        assertShape(actual, expected, fixtures);
        for (String field : required) {
            assertThat(actual.has(field)).as("%s has %s", actual, field).isTrue();
            assertThat(Fixtures.json("fixtures/webex/" + names[0]).has(field)).as("fixture %s has %s", names[0], field).isTrue();
        }
    }

    private static void assertShape(JsonNode actual, JsonNode expected, String where) {
        for (Iterator<Map.Entry<String, JsonNode>> it = actual.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode e = expected.get(f.getKey());
            assertThat(e).as("field %s of %s is in %s", f.getKey(), actual, where).isNotNull();
            if (!e.isNull()) {
                assertThat(f.getValue().getNodeType()).as("type of %s (%s)", f.getKey(), where).isEqualTo(e.getNodeType());
            }
            if (e.isObject() && f.getValue().isObject() && !"content".equals(f.getKey()) && !"inputs".equals(f.getKey())) {
                assertShape(f.getValue(), e, where + "." + f.getKey());
            }
            if (e.isArray() && f.getValue().isArray() && !e.isEmpty() && !f.getValue().isEmpty() && e.get(0).isObject()) {
                assertShape(f.getValue().get(0), e.get(0), where + "." + f.getKey() + "[0]");
            }
        }
    }
}
