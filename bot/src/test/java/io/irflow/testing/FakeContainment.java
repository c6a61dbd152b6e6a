package io.irflow.testing;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A product that remembers what it contains and every call made to it. */
public final class FakeContainment implements Containment {
    private final ContainmentKind kind;
    private final String product;
    private final Set<String> contained = ConcurrentHashMap.newKeySet();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private volatile AdapterException failure;
    private volatile long delayMillis;

    public FakeContainment(ContainmentKind kind, String product) {
        this.kind = kind;
        this.product = product;
    }

    public void failWith(AdapterException e) {
        this.failure = e;
    }

    public void slowDown(long millis) {
        this.delayMillis = millis;
    }

    /** "apply:target" and "undo:target" in call order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    public boolean holds(String target) {
        return contained.contains(target);
    }

    @Override
    public ContainmentKind kind() {
        return kind;
    }

    @Override
    public String product() {
        return product;
    }

    @Override
    public Optional<Boolean> isContained(String target) {
        return Optional.of(contained.contains(target));
    }

    @Override
    public ContainmentResult apply(String target) throws AdapterException {
        calls.add("apply:" + target);
        pause();
        if (failure != null) {
            throw failure;
        }
        boolean added = contained.add(target);
        return new ContainmentResult(added ? ContainmentResult.Change.DONE : ContainmentResult.Change.ALREADY, "",
                200, "TRACK-1", kind == ContainmentKind.ISOLATE ? "unlock-1234" : null);
    }

    @Override
    public ContainmentResult undo(String target) throws AdapterException {
        calls.add("undo:" + target);
        pause();
        if (failure != null) {
            throw failure;
        }
        boolean removed = contained.remove(target);
        return new ContainmentResult(removed ? ContainmentResult.Change.DONE : ContainmentResult.Change.ALREADY, "",
                200, "TRACK-2", null);
    }

    private void pause() {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
