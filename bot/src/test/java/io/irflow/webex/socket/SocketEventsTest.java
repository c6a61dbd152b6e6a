package io.irflow.webex.socket;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.store.Database;
import io.irflow.testing.Fixtures;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import io.irflow.webex.RestIds;
import io.irflow.webex.WebexClient;
import io.irflow.webex.webhook.EventIntake;
import io.irflow.webex.webhook.IntakeStore;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Socket events under load: busy workers do not hold up the socket's reader, and nothing is lost or run twice. */
class SocketEventsTest {
    static final String BOT = RestIds.restId("us", "PEOPLE", "8d4be214-a870-5d8b-adca-e9b55ddda714");

    @Test
    void busy_workers_do_not_hold_up_the_reader_and_every_event_still_runs_once() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ConcurrentLinkedQueue<String> ran = new ConcurrentLinkedQueue<>();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try (Database db = TestDatabases.open(TestConfigs.memoryDatabase());
             WebexClient webex = new WebexClient("http://127.0.0.1:9/v1", "t", TestConfigs.fastTuning().webexRetry());
             EventIntake intake = new EventIntake(new EventIntake.BotIdentity(BOT, "irflow@webex.bot"), e -> {
                 waitFor(release);
                 ran.add(e.data().id());
             }, new IntakeStore(db.dataSource(), Clock.systemUTC()), 1, 1, TestConfigs.fastIntake(), Clock.systemUTC())) {
            ActivityMapper mapper = new ActivityMapper(webex, () -> new Devices.Links("https://wdm-a.wbx2.com/wdm/api/v1",
                    "https://conv-a.wbx2.com/conversation/api/v1"), BOT, "irflow@webex.bot");
            SocketEvents events = new SocketEvents(mapper, null, new HandledEventStore(db.dataSource()),
                    intake, TestConfigs.fastSocket(), Clock.systemUTC(), 2);
            List<String> ids = IntStream.range(0, 10).mapToObj(i -> UUID.randomUUID().toString()).toList();

            Future<?> reading = reader.submit(() -> ids.forEach(id -> events.activity(activity(id))));

            reading.get(10, TimeUnit.SECONDS);
            await().atMost(Duration.ofSeconds(10)).until(() -> intake.acceptedCount() == ids.size());
            assertThat(ran).as("the one worker is still busy with the first").isEmpty();
            release.countDown();
            await().atMost(Duration.ofSeconds(20)).until(() -> ran.size() == ids.size());
            Thread.sleep(300);
            assertThat(ran).containsExactlyInAnyOrderElementsOf(ids.stream()
                    .map(id -> RestIds.restId("us", "MESSAGE", id)).toList());
            events.close();
        } finally {
            release.countDown();
            reader.shutdownNow();
        }
    }

    private static ObjectNode activity(String uuid) {
        ObjectNode a = (ObjectNode) Fixtures.json(ActivityMapperTest.POST).path("data").path("activity");
        return a.put("id", uuid);
    }

    private static void waitFor(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
