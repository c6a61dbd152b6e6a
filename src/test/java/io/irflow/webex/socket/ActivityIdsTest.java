package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.testing.Fixtures;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityIdsTest {

    @Test
    void encodesEveryWorkedExampleOfTheReference() {
        JsonNode examples = Fixtures.json("fixtures/webex/websocket/authored-activity-to-rest-id-examples.json").path("examples");
        int checked = 0;
        for (JsonNode e : examples) {
            if (e.has("type")) {
                assertThat(ActivityIds.restId("us", e.path("type").asText(), e.path("uuid").asText()))
                        .as(e.path("activityVerb").asText(e.path("actor").asText()))
                        .isEqualTo(e.path("restId").asText());
                assertThat(ActivityIds.uuidOf(e.path("restId").asText())).contains(e.path("uuid").asText());
                checked++;
            } else {
                assertThat(ActivityMapper.clusterOf(e.path("restId").asText())).contains(e.path("observedNonUsCluster").asText());
                assertThat(ActivityIds.restId("urn:TEAM:us-west-2_r", "MESSAGE", "081c2410-1676-11f1-93bf-cd645425f56f"))
                        .isEqualTo(e.path("restId").asText());
                checked++;
            }
        }
        assertThat(checked).isEqualTo(6);
    }

    @Test
    void bareUuidsPassAndJunkDoesNot() {
        assertThat(ActivityIds.uuidOf("13e8a49f-e586-5347-ad79-563b09120748")).contains("13e8a49f-e586-5347-ad79-563b09120748");
        assertThat(ActivityIds.uuidOf("not an id!")).isEmpty();
        assertThat(ActivityIds.uuidOf(null)).isEmpty();
        assertThat(ActivityMapper.clusterOf("bm90IGEgc3Bhcms")).isEmpty();
    }

    @Test
    void backoffDoublesFromOneSecondToThirtyTwo() {
        WebexSocket.Settings s = WebexSocket.Settings.defaults();
        assertThat(java.util.stream.IntStream.range(0, 8).mapToObj(s::backoff).map(Duration::toSeconds).toList())
                .containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 32L, 32L);
        assertThat(s.pingInterval()).isEqualTo(Duration.ofSeconds(15));
        assertThat(s.pongTimeout()).isEqualTo(Duration.ofSeconds(14));
    }
}
