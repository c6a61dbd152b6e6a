package io.irflow.app;

import com.fasterxml.jackson.databind.JsonNode;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.contain.AuditStore;
import io.irflow.json.Json;
import io.irflow.store.Database;
import io.irflow.store.Jdbc;
import io.irflow.testing.TestDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code audit verify} and {@code audit export} driven through the CLI against a config whose storage is an H2 file
 * database or PostgreSQL: exit codes, the first bad entry named by seq, JSON lines with their hashes, {@code --since}.
 */
class AuditCommandTest {
    private static final Instant T0 = Instant.parse("2026-11-27T10:00:00Z");

    @TempDir
    Path dir;

    private record Run(int code, String out, String err) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private String database(String kind) {
        return kind.equals("h2") ? "jdbc:h2:file:" + dir.resolve("data/irflow").toAbsolutePath()
                : TestDatabases.freshUrl(kind, dir);
    }

    /** A config naming the database, with {@code days} audit entries written one a day from T0, closed again. */
    private Path configWithEntries(String url, int days) throws Exception {
        try (Database db = Database.open(url)) {
            AuditStore audit = new AuditStore(db.dataSource());
            for (int i = 0; i < days; i++) {
                audit.append(new AuditStore.Entry(T0.plus(Duration.ofDays(i)), "alice@example.com", "room",
                        AuditStore.Event.EXECUTED, ContainmentKind.QUARANTINE, "ISE", "mac-" + i, "step " + i,
                        i == 0 ? null : 200, null, "ref-" + i));
            }
        }
        return Files.writeString(dir.resolve("config.yml"), "storage:\n  url: \"" + url + "\"\n");
    }

    private static void sql(String url, String statement) {
        try (Database db = Database.open(url)) {
            new Jdbc(db.dataSource()).update(statement);
        }
    }

    private static List<JsonNode> lines(String text) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                out.add(Json.mapper().readTree(line));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void verify_exits_0_when_intact_and_1_naming_the_seq_of_an_edited_entry(String kind) throws Exception {
        String url = database(kind);
        Path cfg = configWithEntries(url, 5);

        Run ok = run("audit", "verify", "--config", cfg.toString());
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("audit chain intact: 5 entries, head seq 5");

        sql(url, "UPDATE audit_log SET target = 'mac-other' WHERE seq = 3");
        Run bad = run("audit", "verify", "--config", cfg.toString());

        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("BROKEN at entry seq 3 (altered)");

        sql(url, "DELETE FROM audit_log WHERE seq = 5");
        sql(url, "UPDATE audit_log SET target = 'mac-2' WHERE seq = 3");
        Run cut = run("audit", "verify", "--config", cfg.toString());
        assertThat(cut.code()).isEqualTo(1);
        assertThat(cut.out()).contains("BROKEN at entry seq 5 (removed)");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void export_writes_one_json_line_per_entry_with_its_hashes_and_since_filters(String kind) throws Exception {
        String url = database(kind);
        Path cfg = configWithEntries(url, 4);

        Run all = run("audit", "export", "--config", cfg.toString());

        assertThat(all.code()).as(all.err()).isZero();
        List<JsonNode> entries = lines(all.out());
        assertThat(entries).extracting(e -> e.get("seq").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(entries.get(0).get("prev_hash").asText()).isEqualTo("0".repeat(64));
        assertThat(entries.get(1).get("prev_hash").asText()).isEqualTo(entries.get(0).get("hash").asText());
        assertThat(entries.get(0).get("product_status").isNull()).isTrue();
        JsonNode third = entries.get(2);
        assertThat(List.of(third.get("at").asText(), third.get("target").asText(), third.get("event").asText()))
                .containsExactly("2026-11-29T10:00:00Z", "mac-2", "EXECUTED");
        assertThat(run("audit", "verify", "--config", cfg.toString()).out())
                .contains("hash " + entries.get(3).get("hash").asText());

        Run since = run("audit", "export", "--config", cfg.toString(), "--since", "2026-11-29");
        assertThat(lines(since.out())).extracting(e -> e.get("seq").asLong()).containsExactly(3L, 4L);
        Run sinceInstant = run("audit", "export", "--config", cfg.toString(), "--since", "2026-11-30T09:59:59Z");
        assertThat(lines(sinceInstant.out())).extracting(e -> e.get("seq").asLong()).containsExactly(4L);

        Path file = dir.resolve("audit.jsonl");
        Run toFile = run("audit", "export", "--config", cfg.toString(), "--out", file.toString());
        assertThat(toFile.code()).isZero();
        assertThat(toFile.out()).isEmpty();
        assertThat(lines(Files.readString(file))).hasSize(4);
    }

    @Test
    void an_unusable_config_database_or_date_exits_2_saying_why() throws Exception {
        Run missing = run("audit", "verify", "--config", dir.resolve("none.yml").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("config error");

        Path noDb = Files.writeString(dir.resolve("nodb.yml"),
                "storage:\n  url: \"jdbc:h2:file:/proc/irflow-none/db;PASSWORD=hunter2\"\n");
        Run unreachable = run("audit", "verify", "--config", noDb.toString());
        assertThat(unreachable.code()).isEqualTo(2);
        assertThat(unreachable.err()).contains("cannot open the database").doesNotContain("hunter2");

        Path cfg = configWithEntries(database("h2"), 1);
        Run badDate = run("audit", "export", "--config", cfg.toString(), "--since", "last tuesday");
        assertThat(badDate.code()).isEqualTo(2);
        assertThat(badDate.err()).contains("--since: expected a date");
    }
}
