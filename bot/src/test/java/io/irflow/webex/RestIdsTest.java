package io.irflow.webex;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** REST ids against the reference's worked examples. */
class RestIdsTest {

    @Test
    void encodesEveryWorkedExampleOfTheReference() {
        JsonNode examples = Fixtures.json("fixtures/webex/websocket/authored-activity-to-rest-id-examples.json").path("examples");
        int checked = 0;
        for (JsonNode e : examples) {
            if (e.has("type")) {
                assertThat(RestIds.restId("us", e.path("type").asText(), e.path("uuid").asText()))
                        .as(e.path("activityVerb").asText(e.path("actor").asText()))
                        .isEqualTo(e.path("restId").asText());
                assertThat(RestIds.uuidOf(e.path("restId").asText())).contains(e.path("uuid").asText());
                checked++;
            } else {
                assertThat(RestIds.clusterOf(e.path("restId").asText())).contains(e.path("observedNonUsCluster").asText());
                assertThat(RestIds.restId("urn:TEAM:us-west-2_r", "MESSAGE", "081c2410-1676-11f1-93bf-cd645425f56f"))
                        .isEqualTo(e.path("restId").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void bareUuidsPassAndJunkDoesNot() {
        assertThat(RestIds.uuidOf("13e8a49f-e586-5347-ad79-563b09120748")).contains("13e8a49f-e586-5347-ad79-563b09120748");
        assertThat(RestIds.uuidOf("not an id!")).isEmpty();
        assertThat(RestIds.uuidOf(null)).isEmpty();
        assertThat(RestIds.clusterOf("bm90IGEgc3Bhcms")).isEmpty();
    }
}
