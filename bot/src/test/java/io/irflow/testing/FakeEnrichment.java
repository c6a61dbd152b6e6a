package io.irflow.testing;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;

import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory enrichment whose answer, failure or delay a test chooses; counts its calls. */
public final class FakeEnrichment implements Enrichment {
    /** What the fake does when asked. */
    @FunctionalInterface
    public interface Behaviour {
        Finding answer(Observable o) throws AdapterException;
    }

    private final String source;
    private final Set<ObservableType> types;
    private volatile Behaviour behaviour;
    private final AtomicInteger calls = new AtomicInteger();

    public FakeEnrichment(String source, Set<ObservableType> types, Behaviour behaviour) {
        this.source = source;
        this.types = types;
        this.behaviour = behaviour;
    }

    /** Answers with a finding after a delay. */
    public static Behaviour after(long millis, Finding finding) {
        return o -> {
            sleep(millis);
            return finding;
        };
    }

    /** Fails with the given kind. */
    public static Behaviour failing(String product, AdapterException.Kind kind, int status) {
        return o -> {
            throw new AdapterException(product, kind, product + " failed", status, null, null, null);
        };
    }

    public void behave(Behaviour b) {
        this.behaviour = b;
    }

    public int calls() {
        return calls.get();
    }

    @Override
    public String source() {
        return source;
    }

    @Override
    public boolean supports(ObservableType type) {
        return types.contains(type);
    }

    @Override
    public Finding enrich(Observable observable) throws AdapterException {
        calls.incrementAndGet();
        return behaviour.answer(observable);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
