package io.irflow.app;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MainTest {
    @TempDir
    Path dir;

    private record Run(int code, String out) {
    }

    private Run run(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));
        return new Run(cli.execute(args), out.toString());
    }

    @Test
    void demo_without_the_demo_module_exits_1_saying_so() {
        // the bot module's test classpath has no irflow-demo, so no DemoLauncher is registered
        Run r = run("demo", "--port", "0");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("cannot start the demo: this build has no demo module (irflow-demo)");
    }

    @Test
    void check_config_prints_what_is_enabled_with_secrets_redacted() throws Exception {
        Path cfg = Files.writeString(dir.resolve("c.yml"), """
                webex:
                  token: very-secret-token
                  webhook_secret: hook-secret
                virustotal:
                  api_key: vt-secret-key
                """);

        Run r = run("check-config", "--config", cfg.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("product virustotal: enabled", "products enabled: virustotal", "config OK")
                .doesNotContain("very-secret-token", "hook-secret", "vt-secret-key");
    }

    @Test
    void check_config_exits_2_naming_the_bad_key() throws Exception {
        Path cfg = Files.writeString(dir.resolve("bad.yml"), "webex:\n  token: t\n  webhook_secret: s\nserver:\n  port: nope\n");

        Run r = run("check-config", "--config", cfg.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: server.port: expected a whole number, got 'nope'");
    }

    @Test
    void check_config_exits_2_for_a_missing_file_and_for_a_missing_secret() throws Exception {
        assertThat(run("check-config", "--config", dir.resolve("none.yml").toString()).code()).isEqualTo(2);
        Path cfg = Files.writeString(dir.resolve("nosecret.yml"), "webex:\n  token: t\n");
        Run r = run("check-config", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("webex.webhook_secret: required");
    }

    @Test
    void check_config_in_websocket_mode_needs_no_webhook_secret_and_shows_mode_and_proxy_redacted() throws Exception {
        Path cfg = Files.writeString(dir.resolve("ws.yml"), """
                server:
                  port: 1
                webex:
                  token: very-secret-token
                  mode: websocket
                http:
                  proxy: http://svc-irflow:proxy-pass-77@proxy.corp.example:3128
                  no_proxy: [ise.corp.example, 10.0.0.0/8]
                """);

        Run r = run("check-config", "--config", cfg.toString());

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("webex mode: websocket", "proxy=http://svc-irflow:***@proxy.corp.example:3128",
                        "no_proxy=[ise.corp.example, 10.0.0.0/8]", "connection: no irflow answers on port 1", "config OK")
                .doesNotContain("proxy-pass-77", "very-secret-token");
    }

    @Test
    void an_unknown_mode_is_a_named_error() throws Exception {
        Path cfg = Files.writeString(dir.resolve("m.yml"), "webex:\n  token: t\n  mode: socket\n");

        Run r = run("check-config", "--config", cfg.toString());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("error: webex.mode: 'socket' is not a mode");
    }

    @Test
    void run_refuses_to_start_without_a_webhook_secret() throws Exception {
        Path cfg = Files.writeString(dir.resolve("nosecret.yml"), "webex:\n  token: t\n");
        Run r = run("run", "--config", cfg.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).contains("webex.webhook_secret");
    }

    @Test
    void every_command_has_help() {
        assertThat(run("--help").out()).contains("run", "check-config");
        assertThat(run("run", "--help").out()).contains("--config");
        assertThat(run("check-config", "--help").out()).contains("--config");
    }
}
