package io.irflow.sandbox;

import io.irflow.app.Main;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxLauncherTest {
    @Test
    void the_bots_demo_command_finds_the_sandbox_and_starts_it() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new Main());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(out, true));

        int code = cli.execute("demo", "--port", "0", "--exit-when-ready");

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("irflow demo ready in", "open http://localhost:");
    }
}
