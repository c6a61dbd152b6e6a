package io.irflow.chat.commands;

import io.irflow.cache.CachingEnrichment;
import io.irflow.cards.StatusCard;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Probe;
import io.irflow.chat.Command;
import io.irflow.chat.MessageRequest;
import io.irflow.chat.Reply;
import io.irflow.chat.Role;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code /status}: which products are configured and reachable (one cheap authenticated call each), cache statistics,
 * version. The probes' answers are reused for {@value #PROBE_CACHE_SECONDS} s, so typing {@code /status} repeatedly
 * (or several people at once) costs each product one call per half minute, not one per message.
 */
public final class StatusCommand {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);
    static final long PROBE_CACHE_SECONDS = 30;

    private final List<Probe> probes;
    private final List<String> notConfigured;
    private final List<CachingEnrichment> caches;
    private final ExecutorService pool;
    private final Clock clock;
    private final Instant started;
    private final String version;

    private final java.util.function.Supplier<StatusCard.Connection> connection;
    private final boolean dryRun;
    private List<StatusCard.ProductState> probed;
    private Instant probedAt;

    /**
     * @param connection how Webex events reach irflow right now (mode, socket state, proxy)
     */
    public StatusCommand(List<Probe> probes, List<String> notConfigured, List<CachingEnrichment> caches,
                         ExecutorService pool, Clock clock, String version,
                         java.util.function.Supplier<StatusCard.Connection> connection) {
        this(probes, notConfigured, caches, pool, clock, version, connection, false);
    }

    /** @param dryRun {@code security.dry_run}, which the card states first */
    public StatusCommand(List<Probe> probes, List<String> notConfigured, List<CachingEnrichment> caches,
                         ExecutorService pool, Clock clock, String version,
                         java.util.function.Supplier<StatusCard.Connection> connection, boolean dryRun) {
        this.dryRun = dryRun;
        this.connection = connection;
        this.probes = List.copyOf(probes);
        this.notConfigured = List.copyOf(notConfigured);
        this.caches = List.copyOf(caches);
        this.pool = pool;
        this.clock = clock;
        this.started = clock.instant();
        this.version = version;
    }

    /** The command registration. */
    public Command command() {
        return new Command("status", List.of(), "/status",
                "Which products are configured and reachable, cache statistics, version.", Role.ANALYST, this::handle);
    }

    /** Probes every product in parallel (or reuses answers under 30 s old) and renders the card. */
    public Reply handle(MessageRequest request, String args) {
        List<StatusCard.ProductState> states = new ArrayList<>(probed());
        notConfigured.forEach(n -> states.add(new StatusCard.ProductState(n, false, "not configured")));
        List<StatusCard.CacheLine> lines = caches.stream()
                .map(c -> new StatusCard.CacheLine(c.source(), c.stats().hitCount(), c.stats().missCount(), c.size()))
                .toList();
        io.irflow.cards.Card card = StatusCard.render(states, lines, version, uptime(), connection.get());
        return Reply.card(dryRun ? StatusCard.withDryRun(card) : card);
    }

    /**
     * The products' states, probed again only when the last answers are 30 s old. Synchronized: a second /status while
     * a round runs waits for that round instead of starting its own.
     */
    private synchronized List<StatusCard.ProductState> probed() {
        Instant now = clock.instant();
        if (probed != null && Duration.between(probedAt, now).compareTo(Duration.ofSeconds(PROBE_CACHE_SECONDS)) < 0) {
            return probed;
        }
        List<CompletableFuture<StatusCard.ProductState>> checks = probes.stream()
                .map(p -> CompletableFuture.supplyAsync(() -> probe(p), pool)
                        .completeOnTimeout(new StatusCard.ProductState(p.source(), false, "no answer within "
                                + PROBE_TIMEOUT.toSeconds() + " s"), PROBE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS))
                .toList();
        probed = checks.stream().map(CompletableFuture::join).toList();
        probedAt = now;
        return probed;
    }

    private static StatusCard.ProductState probe(Probe p) {
        try {
            p.probe();
            return new StatusCard.ProductState(p.source(), true, "reachable");
        } catch (AdapterException e) {
            String why = switch (e.kind()) {
                case UNAUTHORIZED -> "refused credentials";
                case RATE_LIMITED -> "rate-limited";
                case TIMEOUT -> "timed out";
                default -> e.status() > 0 ? "error (HTTP " + e.status() + ")" : "unreachable";
            };
            return new StatusCard.ProductState(p.source(), false, why);
        } catch (RuntimeException e) {
            return new StatusCard.ProductState(p.source(), false, "error (see log)");
        }
    }

    private String uptime() {
        Duration d = Duration.between(started, clock.instant());
        return d.toDays() > 0 ? d.toDays() + "d " + d.toHoursPart() + "h" : d.toHours() + "h " + d.toMinutesPart() + "m";
    }
}
