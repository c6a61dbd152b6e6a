package io.irflow.chat.commands;

import io.irflow.chat.AccessStore;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.store.Database;
import io.irflow.testing.TestConfigs;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code /access}: newest first, escaped, and always one Webex message however long the entries are. */
class AccessCommandTest {
    private static final MessageRequest ASK = new MessageRequest("r", "direct", "m", "m", "p", "alice@example.com", "/access");

    private static String text(Reply r) {
        return ((Reply.Text) r.parts().get(0)).markdown();
    }

    @Test
    void lists_newest_first_escapes_and_stays_within_one_message() {
        try (Database db = TestDatabases.open(TestConfigs.memoryDatabase())) {
            AccessStore store = new AccessStore(db.dataSource());
            AccessCommand command = new AccessCommand(store);
            assertThat(text(command.handle(ASK, ""))).contains("nobody has been refused");

            for (int i = 0; i < 60; i++) {
                store.log(new AccessStore.Entry(Instant.parse("2026-12-01T10:00:00Z").plusSeconds(i), "p" + i,
                        "eve" + i + "@x.example", "room", "/investigate", "analyst", "refused " + "*x*".repeat(100)));
            }
            String all = text(command.handle(ASK, "50"));
            assertThat(all).startsWith("**Access log**").contains("eve59@x.example").doesNotContain("eve9@x.example")
                    .contains("more (ask for fewer").doesNotContain("*x*");
            assertThat(all.getBytes(StandardCharsets.UTF_8).length).isLessThan(7439);
            assertThat(all.indexOf("eve59@")).isLessThan(all.indexOf("eve58@"));
            assertThat(text(command.handle(ASK, "two"))).contains("takes a number");
        }
    }
}
