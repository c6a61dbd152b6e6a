package io.irflow.investigate;

import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The fan-out: every configured source that can say something about the observable's type is asked in parallel,
 * each under its own timeout, all under one deadline. One source failing or hanging never hides the others, and
 * the answer never waits on a hung product beyond the deadline.
 */
public final class Investigation {
    private static final Logger LOG = LoggerFactory.getLogger(Investigation.class);

    private final List<CachingEnrichment> sources;
    private final List<String> notConfigured;
    private final ExecutorService pool;
    private final Duration perSource;
    private final Duration deadline;
    private final List<java.util.function.Consumer<InvestigationResult>> listeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    /**
     * @param sources       the configured sources, in card order
     * @param notConfigured names of products that are not configured, shown as such
     * @param pool          where product calls run (bounded; shared by all investigations)
     * @param perSource     each source's timeout
     * @param deadline      the whole investigation's deadline
     */
    public Investigation(List<CachingEnrichment> sources, List<String> notConfigured, ExecutorService pool,
                         Duration perSource, Duration deadline) {
        this.sources = List.copyOf(sources);
        this.notConfigured = List.copyOf(notConfigured);
        this.pool = pool;
        this.perSource = perSource;
        this.deadline = deadline;
    }

    /** Hears every finished investigation (the containment ledger learns hosts from it); failures are logged, never thrown. */
    public Investigation listen(java.util.function.Consumer<InvestigationResult> listener) {
        listeners.add(listener);
        return this;
    }

    /**
     * Runs the fan-out for one observable; {@code fresh} bypasses the caches. For a host name, a second round asks the
     * sources that only know addresses (ISE sessions, CMX location) about the MAC the first round found, within the
     * same deadline, so a host card shows its user, location and quarantine state.
     */
    public InvestigationResult run(Observable observable, boolean fresh) {
        return run(observable, fresh, System.nanoTime());
    }

    /**
     * As above, under a deadline that began at {@code startedAt} ({@link System#nanoTime()}), so work done first for
     * the same request (resolving a typed name, see {@link HostNames}) counts against the same deadline.
     */
    public InvestigationResult run(Observable observable, boolean fresh, long startedAt) {
        long start = System.nanoTime();
        long deadlineAt = startedAt + deadline.toNanos();
        List<CachingEnrichment> applicable = sources.stream().filter(s -> s.supports(observable.type())).toList();
        List<SourceResult> results = new ArrayList<>(round(applicable, observable, fresh, deadlineAt));
        if (observable.type() == ObservableType.HOSTNAME) {
            firstMac(results).ifPresent(mac -> {
                List<CachingEnrichment> byAddress = sources.stream()
                        .filter(s -> !s.supports(ObservableType.HOSTNAME) && s.supports(ObservableType.MAC)).toList();
                results.addAll(round(byAddress, new Observable(ObservableType.MAC, mac), fresh, deadlineAt));
            });
        }
        notConfigured.forEach(name -> results.add(SourceResult.notConfigured(name)));
        InvestigationResult result = new InvestigationResult(observable, results, Duration.ofNanos(System.nanoTime() - start));
        for (java.util.function.Consumer<InvestigationResult> l : listeners) {
            try {
                l.accept(result);
            } catch (RuntimeException e) {
                LOG.warn("investigation listener failed: {}", e.getMessage());
            }
        }
        return result;
    }

    /** Each source's timeout. */
    public Duration perSource() {
        return perSource;
    }

    /** The whole investigation's deadline. */
    public Duration deadline() {
        return deadline;
    }

    private List<SourceResult> round(List<CachingEnrichment> asked, Observable observable, boolean fresh, long deadlineAt) {
        List<CompletableFuture<SourceResult>> calls = new ArrayList<>();
        for (CachingEnrichment source : asked) {
            calls.add(CompletableFuture.supplyAsync(() -> ask(source, observable, fresh), pool)
                    .completeOnTimeout(SourceResult.timedOut(source.source(), perSource), perSource.toMillis(),
                            TimeUnit.MILLISECONDS));
        }
        long left = Math.max(0, deadlineAt - System.nanoTime());
        try {
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(left, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.info("investigation of {} hit its {} s deadline", observable, deadline.toSeconds());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.error("investigation of {} failed unexpectedly", observable, e.getCause());
        }
        List<SourceResult> results = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            CompletableFuture<SourceResult> call = calls.get(i);
            SourceResult late = SourceResult.timedOut(asked.get(i).source(), deadline);
            results.add(call.isDone() && !call.isCompletedExceptionally() ? call.join() : late);
            call.cancel(false);
        }
        return results;
    }

    private static java.util.Optional<String> firstMac(List<SourceResult> results) {
        return results.stream()
                .filter(r -> r.status() == SourceStatus.FOUND && r.finding() != null)
                .flatMap(r -> r.finding().hosts().stream())
                .flatMap(h -> h.macs().stream())
                .filter(m -> m != null && m.matches("[0-9a-f]{2}(:[0-9a-f]{2}){5}"))
                .findFirst();
    }

    private static SourceResult ask(CachingEnrichment source, Observable observable, boolean fresh) {
        long start = System.nanoTime();
        try {
            CachingEnrichment.Lookup lookup = source.lookup(observable, fresh);
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            SourceStatus status = lookup.finding().known() ? SourceStatus.FOUND : SourceStatus.NOTHING_KNOWN;
            return new SourceResult(source.source(), status, lookup.finding(), "", null, took, lookup.cachedAt());
        } catch (AdapterException e) {
            return failed(source.source(), e, Duration.ofNanos(System.nanoTime() - start));
        } catch (RuntimeException e) {
            LOG.error("{} failed on {}", source.source(), observable, e);
            return new SourceResult(source.source(), SourceStatus.ERROR, null, "internal error (see log)", null,
                    Duration.ofNanos(System.nanoTime() - start), null);
        }
    }

    static SourceResult failed(String source, AdapterException e, Duration took) {
        SourceStatus status = switch (e.kind()) {
            case NOT_FOUND -> SourceStatus.NOTHING_KNOWN;
            case UNAUTHORIZED -> SourceStatus.REFUSED_CREDENTIALS;
            case RATE_LIMITED -> SourceStatus.RATE_LIMITED;
            case TIMEOUT -> SourceStatus.TIMED_OUT;
            default -> SourceStatus.ERROR;
        };
        String detail = switch (e.kind()) {
            case UNAUTHORIZED -> "check the configured credentials" + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "");
            case RATE_LIMITED -> e.retryAfter() == null ? "try again later" : "ask again in " + e.retryAfter().toSeconds() + " s";
            case TIMEOUT -> "no answer in time";
            case UNAVAILABLE -> e.status() > 0 ? "HTTP " + e.status() : "unreachable";
            case MALFORMED -> "unreadable answer";
            case BAD_INPUT -> "refused the query" + (e.status() > 0 ? " (HTTP " + e.status() + ")" : "");
            default -> e.status() > 0 ? "HTTP " + e.status() : e.kind().name().toLowerCase();
        };
        if (status == SourceStatus.NOTHING_KNOWN) {
            return new SourceResult(source, status, io.irflow.capabilities.Finding.nothingKnown(source), "", null, took, null);
        }
        return new SourceResult(source, status, null, detail, e.retryAfter(), took, null);
    }
}
