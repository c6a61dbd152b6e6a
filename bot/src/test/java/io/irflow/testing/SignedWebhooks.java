package io.irflow.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.webex.webhook.SignatureVerifier;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Builds webhook envelopes from the reference fixtures and delivers them signed with the production verifier. */
public final class SignedWebhooks {
    private final String secret;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    public SignedWebhooks(String secret) {
        this.secret = secret;
    }

    /** A messages/created envelope (from the captured direct-message delivery) for the given ids. */
    public static ObjectNode message(String messageId, String roomId, String roomType, String personId, String email) {
        ObjectNode env = Fixtures.json("fixtures/webex/webhooks/capture-envelope-messages-created-direct-from-user.json");
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("id", messageId).put("roomId", roomId).put("roomType", roomType).put("personId", personId)
                .put("personEmail", email);
        env.put("actorId", personId);
        return env;
    }

    /** An attachmentActions/created envelope for the given ids. */
    public static ObjectNode cardAction(String actionId, String messageId, String roomId, String personId) {
        ObjectNode env = Fixtures.json("fixtures/webex/webhooks/authored-envelope-attachmentActions-created.json");
        ObjectNode data = (ObjectNode) env.get("data");
        data.put("id", actionId).put("messageId", messageId).put("roomId", roomId).put("personId", personId);
        env.put("actorId", personId);
        return env;
    }

    /** POSTs a body with a correct signature; returns the status. */
    public int deliver(String url, ObjectNode envelope) {
        byte[] body = Fixtures.write(envelope).getBytes(StandardCharsets.UTF_8);
        return post(url, body, new SignatureVerifier(secret).sign(body));
    }

    /** POSTs raw bytes with the given signature header (null: none); returns the status. */
    public int post(String url, byte[] body, String signature) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            b.header("X-Spark-Signature", signature);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Signs bytes as Webex would. */
    public String sign(byte[] body) {
        return new SignatureVerifier(secret).sign(body);
    }
}
