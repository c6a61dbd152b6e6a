package io.irflow.app;

import io.irflow.config.AppConfig;
import io.irflow.config.ConfigException;
import io.irflow.config.ConfigLoader;
import io.irflow.config.ConfigReport;
import io.irflow.net.Outbound;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/**
 * The CLI (a contract other tools drive): {@code run --config FILE}, {@code check-config --config FILE} and
 * {@code audit verify|export --config FILE}.
 */
@Command(name = "irflow", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Webex chatbot for security incident response.",
        subcommands = {Main.Run.class, Main.CheckConfig.class, Main.DemoCommand.class, AuditCommand.class})
public final class Main implements Runnable {
    /** Exit code for a config that cannot be used. */
    static final int BAD_CONFIG = 2;

    static {
        // Before any HTTP client exists: the JDK reads these once (Basic proxy auth over CONNECT tunnels).
        Outbound.allowBasicProxyAuth();
    }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "run", mixinStandardHelpOptions = true, description = "Start the bot with a config file.")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "config.yml", description = "YAML config (default: ${DEFAULT-VALUE}).")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            PrintWriter err = spec.commandLine().getErr();
            AppConfig cfg;
            try {
                cfg = Products.configLoader(System.getenv()).load(config);
            } catch (ConfigException e) {
                e.problems().forEach(p -> err.println("config error: " + p));
                return BAD_CONFIG;
            }
            var problems = ConfigReport.runProblems(cfg);
            if (!problems.isEmpty()) {
                problems.forEach(p -> err.println("config error: " + p));
                return BAD_CONFIG;
            }
            AppWiring.Bot bot;
            try {
                bot = AppWiring.start(cfg, Tuning.defaults());
            } catch (IllegalStateException e) {
                err.println("cannot start: " + e.getMessage());
                return 1;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                bot.close();
                stopped.countDown();
            }, "irflow-shutdown"));
            stopped.await();
            return 0;
        }
    }

    @Command(name = "check-config", mixinStandardHelpOptions = true,
            description = "Validate a config and print what is enabled (secrets redacted). Exit 0 when valid, 2 when not.")
    static final class CheckConfig implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "config.yml", description = "YAML config (default: ${DEFAULT-VALUE}).")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            ConfigLoader loader = Products.configLoader(System.getenv());
            try {
                AppConfig cfg = loader.load(config);
                loader.warnings().forEach(w -> out.println("warning: " + w));
                var problems = ConfigReport.runProblems(cfg);
                ConfigReport.print(cfg, out);
                RunningInstance.print(cfg.server().port(), out);
                if (!problems.isEmpty()) {
                    problems.forEach(p -> out.println("error: " + p));
                    return BAD_CONFIG;
                }
                out.println("config OK: " + config);
                return 0;
            } catch (ConfigException e) {
                loader.warnings().forEach(w -> out.println("warning: " + w));
                e.problems().forEach(p -> out.println("error: " + p));
                return BAD_CONFIG;
            }
        }
    }

    @Command(name = "demo", mixinStandardHelpOptions = true,
            description = "Run the whole bot with no credentials: product simulators, a local Webex and a chat page.")
    static final class DemoCommand implements Callable<Integer> {
        @Option(names = {"-p", "--port"}, defaultValue = "8080", description = "Port for the chat page, simulators and "
                + "Webex stand-in (default: ${DEFAULT-VALUE}; the bot listens on another free port of loopback).")
        int port;

        @Option(names = "--exit-when-ready", hidden = true,
                description = "Start, report the start-up time and stop (used to build the class-data archive).")
        boolean exitWhenReady;

        @Option(names = "--websocket", description = "irflow receives Webex events on its event socket (webex.mode: "
                + "websocket) instead of webhooks.")
        boolean websocket;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws InterruptedException {
            Optional<DemoLauncher> launcher = ServiceLoader.load(DemoLauncher.class).findFirst();
            if (launcher.isEmpty()) {
                spec.commandLine().getErr().println("cannot start the demo: this build has no demo module (irflow-demo); "
                        + "build target/irflow.jar from the repository root with mvn package");
                return 1;
            }
            DemoLauncher.Running demo;
            try {
                demo = launcher.get().start(port, websocket);
            } catch (RuntimeException e) {
                spec.commandLine().getErr().println("cannot start the demo: " + e.getMessage());
                return 1;
            }
            long sinceJvm = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
            PrintWriter out = spec.commandLine().getOut();
            out.println("irflow demo ready in " + sinceJvm + " ms" + (websocket ? " (webex.mode: websocket)" : "") + ": open "
                    + demo.url());
            out.println("Try: /investigate WKS-FIN-042   (Ctrl-C stops the demo)");
            out.flush();
            if (exitWhenReady) {
                demo.close();
                return 0;
            }
            CountDownLatch stopped = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                demo.close();
                stopped.countDown();
            }, "irflow-demo-shutdown"));
            stopped.await();
            return 0;
        }
    }

    /** The jar's version from its manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"irflow " + (v == null ? "dev" : v)};
        }
    }
}
