package io.irflow.chat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.json.Json;
import io.irflow.testing.Fixtures;
import io.irflow.webex.Message;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MentionStripperTest {
    static final String BOT = "Y2lzY29zcGFyazovL3VzL1BFT1BMRS8zY2RkNDA1OS05MjU4LTQ3N2QtYjQ5NC1jMTMzYWMyY2ZhZDU";

    private static Message message(String fixture) throws Exception {
        return Json.mapper().treeToValue(Fixtures.json("fixtures/webex/messages/" + fixture), Message.class);
    }

    @Test
    void strips_the_bots_mention_from_a_captured_group_message() throws Exception {
        assertThat(new MentionStripper(BOT, "DummytestbotForChatSDK").commandText(message("capture-message-group-bot-mention-item.json")))
                .isEqualTo("hello");
    }

    @Test
    void matches_a_mention_that_carries_the_bare_uuid() throws Exception {
        ObjectNode m = Fixtures.json("fixtures/webex/messages/botbuilder-message-mention-html-uuid-id.json");
        m.put("roomType", "group");
        String botId = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                "ciscospark://us/PEOPLE/e7da6cd4-50f1-451f-af58-b9q0d36a97c7".getBytes());

        String text = new MentionStripper(botId, "Webex-sample-bot").commandText(Json.mapper().treeToValue(m, Message.class));

        assertThat(text).isEqualTo("Hello!");
    }

    @Test
    void keeps_other_peoples_mentions_as_their_labels_and_decodes_entities() throws Exception {
        ObjectNode m = Fixtures.json("fixtures/webex/messages/capture-message-group-bot-mention-item.json");
        m.put("html", "<p><spark-mention data-object-type=\"person\" data-object-id=\"" + BOT + "\">Sécurité Ünïcode Bot</spark-mention>"
                + " investigate &lt;evil&gt; for <spark-mention data-object-type=\"person\" data-object-id=\"other\">Zoë Müller</spark-mention>&nbsp;</p>");

        String text = new MentionStripper(BOT, "Sécurité Ünïcode Bot").commandText(Json.mapper().treeToValue(m, Message.class));

        assertThat(text).isEqualTo("investigate <evil> for Zoë Müller");
    }

    @Test
    void without_html_strips_the_display_name_or_first_name_from_the_text() throws Exception {
        ObjectNode m = Fixtures.json("fixtures/webex/messages/capture-message-group-bot-mention-item.json");
        m.remove("html");
        m.put("text", "Sécurité Ünïcode Bot  /help  ");
        MentionStripper stripper = new MentionStripper(BOT, "Sécurité Ünïcode Bot");
        assertThat(stripper.commandText(Json.mapper().treeToValue(m, Message.class))).isEqualTo("/help");

        m.put("text", "Sécurité status");
        assertThat(stripper.commandText(Json.mapper().treeToValue(m, Message.class))).isEqualTo("status");
    }

    @Test
    void direct_messages_are_only_trimmed() throws Exception {
        assertThat(new MentionStripper(BOT, "irflow").commandText(message("capture-message-direct-trailing-space.json")))
                .isEqualTo("This is the direct message DM me");
    }
}
