package io.irflow.webex.socket;

import io.irflow.webex.RestIds;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.irflow.testing.Fixtures;
import io.irflow.testing.TestConfigs;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.WebhookEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

/** The socket activities of the reference, mapped to the webhook events irflow already handles. */
class ActivityMapperTest {
    static final String BOT_ID = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS84ZDRiZTIxNC1hODcwLTVkOGItYWRjYS1lOWI1NWRkZGE3MTQ";
    static final String POST = "fixtures/webex/websocket/authored-mercury-frame-conversation-activity-post-group.json";
    static final String CARD = "fixtures/webex/websocket/authored-mercury-frame-conversation-activity-cardAction-direct.json";

    @RegisterExtension
    static WireMockExtension wm = WireMockExtension.newInstance().options(wireMockConfig().dynamicPort()).build();

    WebexClient webex;
    ActivityMapper mapper;

    @BeforeEach
    void setUp() {
        webex = new WebexClient(wm.baseUrl() + "/v1", "token", TestConfigs.fastTuning().webexRetry());
        // The fixtures' conversations live on conv-a.wbx2.com: the home cluster of this catalog.
        mapper = new ActivityMapper(webex, () -> new Devices.Links("https://wdm-a.wbx2.com/wdm/api/v1",
                "https://conv-a.wbx2.com/conversation/api/v1"), BOT_ID, "irflow@webex.bot");
    }

    @AfterEach
    void tearDown() {
        webex.close();
    }

    static ObjectNode activity(String fixture) {
        return (ObjectNode) Fixtures.json(fixture).path("data").path("activity");
    }

    @Test
    void aGroupPostBecomesMessageCreatedWithRestIds() {
        WebhookEvent e = mapper.map(activity(POST)).orElseThrow();
        assertThat(e.isMessageCreated()).isTrue();
        assertThat(e.data().id()).isEqualTo("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMDJiMjA2ODctMDBlZS01ZWU1LTgxOTgtYzQ5NzY1MmJlODYy");
        assertThat(e.data().roomId()).isEqualTo("Y2lzY29zcGFyazovL3VzL1JPT00vN2ZhNTgzYWUtOTA1Ny01ODBiLWE3NTAtMDg1NzEyOTk2NWJk");
        assertThat(e.data().personId()).isEqualTo("Y2lzY29zcGFyazovL3VzL1BFT1BMRS8xM2U4YTQ5Zi1lNTg2LTUzNDctYWQ3OS01NjNiMDkxMjA3NDg");
        assertThat(e.data().roomType()).isEqualTo("group");
        assertThat(e.data().personEmail()).isEqualTo("alice@example.com");
        assertThat(e.data().created()).isEqualTo("2024-05-02T09:30:12.345Z");
        assertThat(wm.getAllServeEvents()).as("no REST call for the home cluster").isEmpty();
    }

    @Test
    void aGroupPostThatDoesNotMentionTheBotIsDroppedUnlessItMentionsEveryoneOrListsNoMentions() {
        ObjectNode other = activity(POST);
        ((ObjectNode) other.path("object").path("mentions").path("items").get(0)).put("id", "0000aaaa-0000-4000-8000-000000000001");
        assertThat(mapper.map(other)).isEmpty();
        ((ObjectNode) other.path("object")).putObject("groupMentions").putArray("items").addObject().put("groupType", "all");
        assertThat(mapper.map(other)).isPresent();
        ObjectNode unlisted = activity(POST);
        ((ObjectNode) unlisted.path("object")).remove("mentions");
        assertThat(mapper.map(unlisted)).isPresent();
        ObjectNode direct = activity(POST);
        ((ObjectNode) direct.path("object").path("mentions").path("items").get(0)).put("id", "0000aaaa-0000-4000-8000-000000000001");
        ((com.fasterxml.jackson.databind.node.ArrayNode) direct.path("target").path("tags")).add("ONE_ON_ONE");
        assertThat(mapper.map(direct)).as("direct rooms need no mention").isPresent();
        assertThat(wm.getAllServeEvents()).isEmpty();
    }

    @Test
    void aShareIsAMessageWithFilesAndAThreadReplyKeepsItsParent() {
        ObjectNode share = activity(POST).put("verb", "share");
        share.putObject("parent").put("id", "0e71807e-4fe3-55ba-b93d-53be2341e119").put("type", "reply");
        WebhookEvent e = mapper.map(share).orElseThrow();
        assertThat(e.isMessageCreated()).isTrue();
        assertThat(e.data().parentId()).isEqualTo("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMGU3MTgwN2UtNGZlMy01NWJhLWI5M2QtNTNiZTIzNDFlMTE5");
    }

    @Test
    void aCardActionBecomesAttachmentActionWithTheCardMessage() {
        WebhookEvent e = mapper.map(activity(CARD)).orElseThrow();
        assertThat(e.isCardAction()).isTrue();
        assertThat(e.data().id()).isEqualTo("Y2lzY29zcGFyazovL3VzL0FUVEFDSE1FTlRfQUNUSU9OLzg3MDY5MzQ2LTViOTgtNTMyYy1iMWE1LTNmOThmZDdkN2FhYQ");
        assertThat(e.data().messageId()).isEqualTo("Y2lzY29zcGFyazovL3VzL01FU1NBR0UvMGU3MTgwN2UtNGZlMy01NWJhLWI5M2QtNTNiZTIzNDFlMTE5");
        assertThat(e.data().roomType()).isEqualTo("direct");
    }

    @Test
    void theBotsOwnActivitiesEditsAndOtherVerbsAreDropped() {
        ObjectNode own = activity(POST);
        ((ObjectNode) own.path("actor")).put("entryUUID", "8d4be214-a870-5d8b-adca-e9b55ddda714");
        assertThat(mapper.map(own)).isEmpty();
        ObjectNode byEmail = activity(POST);
        ((ObjectNode) byEmail.path("actor")).put("emailAddress", "IRFLOW@webex.bot");
        assertThat(mapper.map(byEmail)).isEmpty();
        ObjectNode edit = activity(POST);
        edit.putObject("parent").put("id", "x").put("type", "edit");
        assertThat(mapper.map(edit)).isEmpty();
        for (String verb : new String[] {"acknowledge", "delete", "add", "leave", "update"}) {
            assertThat(mapper.map(activity(POST).put("verb", verb))).as(verb).isEmpty();
        }
        ObjectNode noTarget = activity(POST);
        noTarget.remove("target");
        assertThat(mapper.map(noTarget)).isEmpty();
    }

    @Test
    void anotherClusterIsLookedUpOnTheConversationService() {
        String restId = RestIds.restId("urn:TEAM:eu-central-1_k", "MESSAGE", "02b20687-00ee-5ee5-8198-c497652be862");
        wm.stubFor(get(urlPathEqualTo("/conversation/api/v1/messages/02b20687-00ee-5ee5-8198-c497652be862"))
                .willReturn(okJson("{\"id\":\"" + restId + "\"}")));
        ObjectNode a = activity(POST);
        ((ObjectNode) a.path("target")).put("url", wm.baseUrl()
                + "/conversation/api/v1/conversations/7fa583ae-9057-580b-a750-0857129965bd");
        WebhookEvent e = mapper.map(a).orElseThrow();
        assertThat(e.data().id()).isEqualTo(restId);
        assertThat(e.data().roomId()).isEqualTo(RestIds.restId("urn:TEAM:eu-central-1_k", "ROOM",
                "7fa583ae-9057-580b-a750-0857129965bd"));
        assertThat(e.data().personId()).as("people are always in us")
                .isEqualTo(RestIds.restId("us", "PEOPLE", "13e8a49f-e586-5347-ad79-563b09120748"));
        wm.verify(getRequestedFor(urlPathEqualTo("/conversation/api/v1/messages/02b20687-00ee-5ee5-8198-c497652be862")));
    }

    @Test
    void anActivityIdIsOneEncodedSegmentOfTheLookup() {
        wm.stubFor(get(urlPathEqualTo("/conversation/api/v1/messages/a%2Fb%3Fx%3D1")).willReturn(aResponse()
                .withStatus(404)));
        ObjectNode a = activity(POST).put("id", "a/b?x=1");
        ((ObjectNode) a.path("target")).put("url", wm.baseUrl()
                + "/conversation/api/v1/conversations/7fa583ae-9057-580b-a750-0857129965bd");

        assertThat(mapper.map(a)).isEmpty();
        assertThat(io.irflow.testing.PathAttacks.urls(wm)).containsExactly(
                "/conversation/api/v1/messages/a%2Fb%3Fx%3D1");
    }

    @Test
    void anActivityIdWithAParentStepIsSkippedWithoutAnyRequest() {
        ObjectNode a = activity(POST).put("id", "../../people/me");
        ((ObjectNode) a.path("target")).put("url", wm.baseUrl()
                + "/conversation/api/v1/conversations/7fa583ae-9057-580b-a750-0857129965bd");

        assertThat(mapper.map(a)).isEmpty();
        assertThat(io.irflow.testing.PathAttacks.urls(wm)).isEmpty();
    }

    @Test
    void aFailedLookupSkipsTheActivityWithoutThrowing() {
        wm.stubFor(get(urlPathEqualTo("/conversation/api/v1/attachment/actions/87069346-5b98-532c-b1a5-3f98fd7d7aaa"))
                .willReturn(aResponse().withStatus(404)));
        ObjectNode a = activity(CARD);
        ((ObjectNode) a.path("target")).put("url", wm.baseUrl()
                + "/conversation/api/v1/conversations/c5e91807-ff81-5c85-9770-d43e3cbf54cd");
        assertThat(mapper.map(a)).isEmpty();
    }
}
