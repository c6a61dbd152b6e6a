package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Compares a simulator's JSON with a reference sample: every sample field exists with the same JSON type. */
final class Shapes {
    static final ObjectMapper JSON = new ObjectMapper();

    private Shapes() {
    }

    /** Loads a fixture from the test classpath, e.g. {@code amp/computers-list-38-demo-computers.json}. */
    static JsonNode fixture(String path) {
        try (InputStream in = Shapes.class.getResourceAsStream("/fixtures/" + path)) {
            assertThat(in).as("fixture " + path).isNotNull();
            return JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /**
     * Asserts that {@code actual} has the shape of the fixture; nulls in the sample match anything, and the given
     * paths (e.g. {@code $.metadata.links.next}, optional by the product's docs) may be missing.
     */
    static void assertSameShape(String fixture, String actualBody, String... optional) {
        List<String> problems = new ArrayList<>();
        compare(fixture(fixture), parse(actualBody), "$", problems);
        problems.removeIf(p -> java.util.Arrays.stream(optional).anyMatch(o -> p.equals(o + " missing")));
        assertThat(problems).as("shape differences against " + fixture).isEmpty();
    }

    private static void compare(JsonNode ref, JsonNode act, String path, List<String> out) {
        if (ref == null || ref.isNull()) {
            return;
        }
        if (act == null || act.isMissingNode()) {
            out.add(path + " missing");
            return;
        }
        if (act.isNull()) {
            out.add(path + " is null, sample has " + ref.getNodeType());
            return;
        }
        if (ref.isNumber() ? !act.isNumber() : ref.getNodeType() != act.getNodeType()) {
            out.add(path + " is " + act.getNodeType() + ", sample has " + ref.getNodeType());
            return;
        }
        if (ref.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = ref.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(e.getValue(), act.get(e.getKey()), path + "." + e.getKey(), out);
            }
        } else if (ref.isArray() && !ref.isEmpty()) {
            if (act.isEmpty()) {
                out.add(path + " is empty, sample has items");
            } else {
                compare(ref.get(0), act.get(0), path + "[0]", out);
            }
        }
    }
}
