package io.irflow.sandbox.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;

/** The few helpers every simulator shares: JSON bodies, credential checks and absolute links. */
final class Sim {
    /** A plain mapper that writes nulls (products do), unlike irflow's shared one. */
    static final ObjectMapper JSON = new ObjectMapper();
    /** ISO-8601 with a numeric offset, as AMP writes dates. */
    static final DateTimeFormatter OFFSET_DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
            .withZone(ZoneOffset.UTC);

    private Sim() {
    }

    /** A new empty JSON object. */
    static ObjectNode obj() {
        return JSON.createObjectNode();
    }

    /** A new empty JSON array. */
    static ArrayNode arr() {
        return JSON.createArrayNode();
    }

    /** Parses a request body, or returns null when it is not JSON. */
    static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    /** Writes a JSON body with a status. */
    static void json(Context ctx, int status, JsonNode body) {
        json(ctx, status, body, "application/json");
    }

    /** Writes a JSON body with a status and content type. */
    static void json(Context ctx, int status, JsonNode body, String contentType) {
        try {
            ctx.status(status).contentType(contentType).result(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Writes a text body (XML, HTML) with a status and content type. */
    static void text(Context ctx, int status, String body, String contentType) {
        ctx.status(status).contentType(contentType).result(body);
    }

    /** Whether the request carries HTTP Basic with exactly this user and password. */
    static boolean basicOk(Context ctx, String user, String password) {
        String h = ctx.header("Authorization");
        if (h == null || !h.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(h.substring(6).trim()), StandardCharsets.UTF_8);
            return same(decoded, user + ":" + password);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Whether the request carries {@code Authorization: Bearer <token>}. */
    static boolean bearerOk(Context ctx, String token) {
        String h = ctx.header("Authorization");
        return h != null && h.regionMatches(true, 0, "Bearer ", 0, 7) && same(h.substring(7).trim(), token);
    }

    /** Constant-time string comparison. */
    static boolean same(String a, String b) {
        return a != null && b != null && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8),
                b.getBytes(StandardCharsets.UTF_8));
    }

    /** The scheme, host and port the client used, so links point back at this server. */
    static String origin(Context ctx) {
        String host = ctx.header("Host");
        return ctx.scheme() + "://" + (host == null ? ctx.host() : host);
    }

    /** An ISO-8601 UTC instant with a "Z", as most products write it. */
    static String iso(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS));
    }

    /** A query parameter as an int, or the default when absent or bad. */
    static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        try {
            return v == null ? dflt : Integer.parseInt(v.trim());
        } catch (NumberFormatException e) {
            return dflt;
        }
    }

    /** A stable fake hex digest of a string (for ids derived from names). */
    static String hex(String algorithm, String value) {
        try {
            byte[] d = MessageDigest.getInstance(algorithm).digest(value.getBytes(StandardCharsets.UTF_8));
            StringBuilder s = new StringBuilder();
            for (byte b : d) {
                s.append(String.format("%02x", b));
            }
            return s.toString();
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
