package io.irflow.investigate;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import io.irflow.cache.CachingEnrichment;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.HostDirectory;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Which computers a typed name means, asked of the products that list computers by name (AMP; ISE offers no host-name
 * lookup in ERS or MnT). Asked for host names and for domains of three labels or more ({@code web01.corp.example.com}:
 * a registrable domain such as {@code example.com} names no computer, so it costs no call). Every directory is asked
 * in parallel within a time budget that callers take from the investigation's deadline; a directory that fails or is
 * late counts as knowing nothing, so the parser's reading stands. Answers from every directory are cached (known names
 * for the lookups' cache TTL, unknown ones for its negative TTL); {@code fresh} asks again.
 */
public final class HostNames {
    private static final Logger LOG = LoggerFactory.getLogger(HostNames.class);

    private final List<HostDirectory> directories;
    private final ExecutorService pool;
    private final Cache<String, Resolution> cache;

    /**
     * What the directories know about a name.
     *
     * @param asked      the name as asked
     * @param candidates the full names of the computers it may mean, distinct; exact matches alone when there are any
     * @param sources    the products that know it
     */
    public record Resolution(String asked, List<String> candidates, List<String> sources) {
        public Resolution {
            candidates = List.copyOf(candidates);
            sources = List.copyOf(sources);
        }

        /** Nothing known (or nobody asked). */
        public static Resolution none(String asked) {
            return new Resolution(asked, List.of(), List.of());
        }

        /** Whether some product knows a computer by this name. */
        public boolean known() {
            return !candidates.isEmpty();
        }

        /** Whether the name may mean several computers, so someone must say which before any action. */
        public boolean ambiguous() {
            return candidates.size() > 1;
        }
    }

    /**
     * @param directories the products that list computers by name
     * @param pool        where their calls run (the lookups pool)
     * @param cache       TTLs and size, as for the enrichments' caches
     * @param ticker      the cache's clock
     */
    public HostNames(List<HostDirectory> directories, ExecutorService pool, CachingEnrichment.CacheSettings cache,
                     Ticker ticker) {
        this.directories = List.copyOf(directories);
        this.pool = pool;
        this.cache = Caffeine.newBuilder().maximumSize(cache.maxSize()).ticker(ticker)
                .expireAfter(new Expiry<String, Resolution>() {
                    @Override
                    public long expireAfterCreate(String key, Resolution value, long currentTime) {
                        return (value.known() ? cache.ttl() : cache.negativeTtl()).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(String key, Resolution value, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, value, currentTime);
                    }

                    @Override
                    public long expireAfterRead(String key, Resolution value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                }).build();
    }

    /** Whether an observable is a name worth asking the directories about (see the class comment). */
    public static boolean applies(Observable o) {
        return o.type() == ObservableType.HOSTNAME
                || o.type() == ObservableType.DOMAIN && o.value().chars().filter(c -> c == '.').count() >= 2;
    }

    /**
     * What the directories know about the observable's name, waiting at most until {@code deadlineAt}
     * ({@link System#nanoTime()}); {@link Resolution#none} for other observables or when no directory is configured.
     */
    /** What the last lookup of this name found, if it is still cached (never asks a product). */
    public java.util.Optional<Resolution> cached(Observable o) {
        if (directories.isEmpty() || !applies(o)) {
            return java.util.Optional.empty();
        }
        Resolution r = cache.getIfPresent(o.value().toLowerCase(Locale.ROOT));
        return r == null ? java.util.Optional.empty() : java.util.Optional.of(new Resolution(o.value(), r.candidates(),
                r.sources()));
    }

    public Resolution resolve(Observable o, boolean fresh, long deadlineAt) {
        if (directories.isEmpty() || !applies(o)) {
            return Resolution.none(o.value());
        }
        String key = o.value().toLowerCase(Locale.ROOT);
        if (!fresh) {
            Resolution cached = cache.getIfPresent(key);
            if (cached != null) {
                return new Resolution(o.value(), cached.candidates(), cached.sources());
            }
        }
        List<CompletableFuture<List<String>>> calls = new ArrayList<>();
        for (HostDirectory d : directories) {
            calls.add(CompletableFuture.supplyAsync(() -> ask(d, o.value()), pool));
        }
        boolean complete = true;
        Map<String, String> exact = new LinkedHashMap<>();
        Map<String, String> close = new LinkedHashMap<>();
        List<String> sources = new ArrayList<>();
        for (int i = 0; i < calls.size(); i++) {
            List<String> names = await(calls.get(i), deadlineAt, directories.get(i), o.value());
            if (names == null) {
                complete = false;
                continue;
            }
            if (!names.isEmpty()) {
                sources.add(directories.get(i).source());
            }
            for (String n : names) {
                (n.equalsIgnoreCase(o.value()) ? exact : close).putIfAbsent(n.toLowerCase(Locale.ROOT), n);
            }
        }
        Resolution r = new Resolution(o.value(), List.copyOf((exact.isEmpty() ? close : exact).values()), sources);
        if (complete) {
            cache.put(key, r);
        }
        return r;
    }

    private static List<String> ask(HostDirectory d, String name) {
        try {
            return d.hostsNamed(name);
        } catch (AdapterException e) {
            LOG.info("{} could not say which computers '{}' names: {}", d.source(), name, e.getMessage());
            return null;
        } catch (RuntimeException e) {
            LOG.error("{} failed on host name '{}'", d.source(), name, e);
            return null;
        }
    }

    private static List<String> await(CompletableFuture<List<String>> call, long deadlineAt, HostDirectory d,
                                      String name) {
        try {
            return call.get(Math.max(0, deadlineAt - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            LOG.info("{} did not say in time which computers '{}' names", d.source(), name);
            call.cancel(true);
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (ExecutionException e) {
            return null;
        }
    }

    /** The end of a name lookup's budget: the per-source timeout, within the investigation's deadline. */
    public static long budgetEnd(long startedAt, Duration perSource, Duration deadline) {
        return startedAt + Math.min(perSource.toNanos(), deadline.toNanos());
    }
}
