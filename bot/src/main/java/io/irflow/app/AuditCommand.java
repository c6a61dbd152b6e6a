package io.irflow.app;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.ConsoleAppender;
import io.irflow.config.AppConfig;
import io.irflow.config.ConfigException;
import io.irflow.contain.AuditChainStore;
import io.irflow.contain.AuditExport;
import io.irflow.contain.AuditVerifier;
import io.irflow.store.Database;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.concurrent.Callable;

/**
 * {@code audit verify} (exit 0 when the audit log's hash chain is intact, 1 naming the first bad entry, 2 when the
 * config or database cannot be used) and {@code audit export} (the log as JSON lines with its hashes).
 */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Verify or export the audit log's hash chain.",
        subcommands = {AuditCommand.Verify.class, AuditCommand.Export.class})
final class AuditCommand implements Runnable {
    /** Exit code for a chain that does not verify. */
    static final int BROKEN = 1;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "verify", mixinStandardHelpOptions = true, description = "Walk the audit log's hash chain. Exit 0 "
            + "when intact, 1 naming the first altered or removed entry, 2 when the config or database cannot be used.")
    static final class Verify implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "config.yml", description = "YAML config (default: "
                + "${DEFAULT-VALUE}); only its storage section is used.")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            try (Database db = open(config, err)) {
                if (db == null) {
                    return Main.BAD_CONFIG;
                }
                AuditVerifier.Report r = new AuditVerifier(new AuditChainStore(db.dataSource())).verify();
                if (r.broken().isPresent()) {
                    AuditVerifier.Break b = r.broken().get();
                    out.println("audit chain BROKEN at entry seq " + b.seq() + " (" + b.problem().name().toLowerCase()
                            + "): " + b.detail() + "; " + r.entries() + " entries before it verified");
                    return BROKEN;
                }
                out.println("audit chain intact: " + r.entries() + " entries, head seq " + r.head().seq() + " hash "
                        + r.head().hash());
                return 0;
            } catch (RuntimeException e) {
                err.println("cannot read the audit log: " + e.getMessage());
                return Main.BAD_CONFIG;
            }
        }
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Write the audit log as JSON lines in "
            + "chain order, with seq, prev_hash and hash (for a SIEM or an auditor).")
    static final class Export implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, defaultValue = "config.yml", description = "YAML config (default: "
                + "${DEFAULT-VALUE}); only its storage section is used.")
        Path config;

        @Option(names = "--since", description = "Only entries made at or after this: a date (2026-12-01, midnight "
                + "UTC) or an instant (2026-12-01T06:00:00Z).")
        String since;

        @Option(names = "--out", description = "Write to this file instead of standard output.")
        Path outFile;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter err = spec.commandLine().getErr();
            Instant from;
            try {
                from = since == null ? null : parseSince(since);
            } catch (DateTimeParseException e) {
                err.println("--since: expected a date (2026-12-01) or an instant (2026-12-01T06:00:00Z), got '"
                        + since + "'");
                return Main.BAD_CONFIG;
            }
            try (Database db = open(config, err)) {
                if (db == null) {
                    return Main.BAD_CONFIG;
                }
                AuditExport export = new AuditExport(new AuditChainStore(db.dataSource()));
                long n;
                if (outFile == null) {
                    n = export.write(spec.commandLine().getOut(), from);
                } else {
                    try (Writer w = Files.newBufferedWriter(outFile, StandardCharsets.UTF_8)) {
                        n = export.write(w, from);
                    }
                }
                err.println("exported " + n + " audit entries" + (outFile == null ? "" : " to " + outFile));
                return 0;
            } catch (IOException e) {
                err.println("cannot write " + outFile + ": " + e.getMessage());
                return Main.BAD_CONFIG;
            } catch (RuntimeException e) {
                err.println("cannot read the audit log: " + e.getMessage());
                return Main.BAD_CONFIG;
            }
        }
    }

    /** A date is midnight UTC of that day; anything else must be an ISO-8601 instant. */
    static Instant parseSince(String s) {
        return s.length() == 10 ? LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(s);
    }

    /** The configured database, migrated, or null after saying why it cannot be used. */
    private static Database open(Path config, PrintWriter err) {
        AppConfig cfg;
        try {
            cfg = Products.configLoader(System.getenv()).load(config);
        } catch (ConfigException e) {
            e.problems().forEach(p -> err.println("config error: " + p));
            return null;
        }
        logToStandardError();
        try {
            return Database.open(cfg.storage().url());
        } catch (RuntimeException e) {
            err.println("cannot open the database (" + cfg.storage() + "): "
                    + e.getMessage() + (String.valueOf(e.getMessage()).contains("already in use")
                    ? " (the embedded database opens in one process at a time: stop irflow first, or run this on a "
                    + "copy)" : ""));
            return null;
        }
    }

    /** Standard output carries the result (and the export), so the log (pool and migration lines) goes to stderr. */
    private static void logToStandardError() {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return;
        }
        for (Iterator<Appender<ILoggingEvent>> it = ctx.getLogger(Logger.ROOT_LOGGER_NAME).iteratorForAppenders();
             it.hasNext(); ) {
            if (it.next() instanceof ConsoleAppender<ILoggingEvent> console
                    && !"System.err".equals(console.getTarget())) {
                console.stop();
                console.setTarget("System.err");
                console.start();
            }
        }
    }
}
