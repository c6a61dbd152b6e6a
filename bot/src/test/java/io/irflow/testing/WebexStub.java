package io.irflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.irflow.json.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

/** Webex played by WireMock with the reference fixtures: the bot identity, messages to fetch, and a sink for posts. */
public final class WebexStub {
    public static final String BOT_ID = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8zY2RkNDA1OS05MjU4LTQ3N2QtYjQ5NC1jMTMzYWMyY2ZhZDU";
    public static final String BOT_EMAIL = "irflow@webex.bot";
    public static final String ROOM = "Y2lzY29zcGFyazovL3VzL1JPT00vNTM5YmEyMjUtYmE1My01YWRjLTgyNTMtOWU4N2U3M2M4MTc5";
    public static final String ANALYST = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS9lZTg0YWIwNC00ZDJiLTUxOTQtYmU2ZS1iZjljMGEwYTAyMzI";
    public static final String ANALYST_EMAIL = "alice@example.com";

    private final WireMockExtension wm;

    public WebexStub(WireMockExtension wm) {
        this.wm = wm;
    }

    /** The base URL to configure as {@code webex.url}. */
    public String url() {
        return wm.baseUrl() + "/v1";
    }

    /** Stubs {@code GET /people/me} with the reference bot person, renamed. */
    public WebexStub bot(String displayName) {
        ObjectNode me = Fixtures.json("fixtures/webex/people/botbuilder-person-bot.json");
        me.put("id", BOT_ID).put("displayName", displayName).put("type", "bot");
        me.putArray("emails").add(BOT_EMAIL);
        wm.stubFor(get(urlPathEqualTo("/v1/people/me")).willReturn(okJson(Fixtures.write(me))));
        wm.stubFor(post(urlPathEqualTo("/v1/messages")).willReturn(okJson(
                Fixtures.text("fixtures/webex/messages/capture-message-direct-bot-reply-threaded.json"))));
        return this;
    }

    /** Stubs {@code GET /messages/{id}} from a message fixture with the given id, room, author and text. */
    public ObjectNode message(String fixture, String id, String roomType, String text) {
        ObjectNode m = Fixtures.json("fixtures/webex/messages/" + fixture);
        m.put("id", id).put("roomId", ROOM).put("roomType", roomType).put("personId", ANALYST)
                .put("personEmail", ANALYST_EMAIL);
        if (text != null) {
            m.put("text", text);
        }
        m.remove("parentId");
        stub(get(urlPathEqualTo("/v1/messages/" + id)), m);
        return m;
    }

    /** Stubs {@code GET /people/{id}} from the captured user, named by their email (how responders are checked). */
    public void person(String id, String email) {
        ObjectNode p = Fixtures.json("fixtures/webex/people/capture-person-user.json");
        p.put("id", id).put("displayName", email).put("userName", email);
        p.putArray("emails").add(email);
        stub(get(urlPathEqualTo("/v1/people/" + id)), p);
    }

    /** Stubs any GET with a JSON body. */
    public void stub(MappingBuilder request, JsonNode body) {
        wm.stubFor(request.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withHeader("trackingid", "ROUTER_TEST").withBody(Fixtures.write(body))));
    }

    /** Every JSON {@code POST /messages} body so far (file uploads, which are multipart, are in {@link #uploads()}). */
    public List<JsonNode> posted() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream().filter(r -> !multipart(r))
                .map(WebexStub::body).toList();
    }

    /** Every {@code POST /messages} with a file ({@code multipart/form-data}) so far. */
    public List<LoggedRequest> uploads() {
        return wm.findAll(postRequestedFor(urlPathEqualTo("/v1/messages"))).stream().filter(WebexStub::multipart)
                .toList();
    }

    /** A form field (or the file's name for {@code files}) of an upload, or null. */
    public static String field(LoggedRequest upload, String name) {
        return upload.getParts().stream().filter(p -> name.equals(p.getName())).findFirst()
                .map(p -> p.getBody().asString()).orElse(null);
    }

    private static boolean multipart(LoggedRequest r) {
        return String.valueOf(r.getHeader("Content-Type")).contains("multipart");
    }

    /** All requests Webex received. */
    public List<LoggedRequest> requests() {
        return wm.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    }

    private static JsonNode body(LoggedRequest r) {
        try {
            return Json.mapper().readTree(r.getBodyAsString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
