package io.irflow.verify;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentState;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A containment product whose state answers are scripted: each read takes the next answer (a state, or a failure),
 * the last one repeating. Without a check it stands for a product that has no readable state.
 */
final class ScriptedProduct implements Containment {
    private final ContainmentKind kind;
    private final String product;
    private final boolean readable;
    private final Deque<Object> answers = new ArrayDeque<>();
    private final AtomicInteger reads = new AtomicInteger();

    ScriptedProduct(ContainmentKind kind, String product, boolean readable) {
        this.kind = kind;
        this.product = product;
        this.readable = readable;
    }

    /** The next answers, in order: {@link ContainmentState}s or {@link AdapterException}s. */
    ScriptedProduct answers(Object... next) {
        synchronized (answers) {
            answers.clear();
            for (Object o : next) {
                answers.add(o);
            }
        }
        return this;
    }

    int reads() {
        return reads.get();
    }

    static ContainmentState state(ContainmentState.Status status, String state) {
        return new ContainmentState(status, state, "");
    }

    static AdapterException failure(AdapterException.Kind kind, int status) {
        return new AdapterException("AMP", kind, "AMP answered HTTP " + status, status, null, null, null);
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
        return Optional.empty();
    }

    @Override
    public ContainmentResult apply(String target) {
        throw new UnsupportedOperationException("verification never applies");
    }

    @Override
    public ContainmentResult undo(String target) {
        throw new UnsupportedOperationException("verification never undoes");
    }

    @Override
    public Optional<ContainmentCheck> check() {
        return readable ? Optional.of(this::observe) : Optional.empty();
    }

    private ContainmentState observe(String target) throws AdapterException {
        reads.incrementAndGet();
        Object next;
        synchronized (answers) {
            next = answers.size() > 1 ? answers.poll() : answers.peek();
        }
        if (next instanceof AdapterException e) {
            throw e;
        }
        if (next instanceof RuntimeException e) {
            throw e;
        }
        return (ContainmentState) next;
    }
}
