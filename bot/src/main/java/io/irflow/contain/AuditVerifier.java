package io.irflow.contain;

import java.util.List;
import java.util.Optional;

/**
 * Walks the audit log's hash chain from the first entry and reports the first entry that breaks it: one whose fields
 * no longer match its hash (altered), a missing seq (removed), a link that does not match its predecessor's hash, or
 * a last entry that is not the chain's head (removed at the end, or added outside irflow). Safe while irflow appends:
 * the head moves in the same transaction as each append, so every seq it names is already visible.
 */
public final class AuditVerifier {
    private static final int PAGE = 500;

    private final AuditChainStore chain;

    public AuditVerifier(AuditChainStore chain) {
        this.chain = chain;
    }

    /** How an entry breaks the chain. */
    public enum Problem {
        /** The entry's fields no longer hash to its stored hash. */
        ALTERED,
        /** The entry with this seq is gone. */
        REMOVED,
        /** The entry's prev_hash is not its predecessor's hash (the predecessor was rewritten, or this link). */
        LINK,
        /** The last entry and the head disagree. */
        HEAD
    }

    /** The first bad entry: its seq, what is wrong, and words for a person. */
    public record Break(long seq, Problem problem, String detail) {
    }

    /**
     * What the walk found.
     *
     * @param entries entries checked
     * @param head    the head at the end of the walk (null when it is missing)
     * @param broken  the first bad entry, if any
     */
    public record Report(long entries, AuditChainStore.Head head, Optional<Break> broken) {
        public boolean intact() {
            return broken.isEmpty();
        }
    }

    /** Walks the whole chain. */
    public Report verify() {
        long checked = 0;
        long lastSeq = 0;
        String lastHash = AuditChain.GENESIS;
        while (true) {
            List<AuditChainStore.Link> page = chain.links(lastSeq, null, PAGE);
            if (page.isEmpty()) {
                Optional<AuditChainStore.Head> head = chain.head();
                if (head.isEmpty()) {
                    return new Report(checked, null, Optional.of(new Break(lastSeq, Problem.HEAD, "the chain's head "
                            + "(table audit_chain) is missing, so a removed last entry could not be told")));
                }
                if (head.get().seq() > lastSeq && !chain.links(lastSeq, null, 1).isEmpty()) {
                    continue; // appended since the last page: walk on
                }
                return new Report(checked, head.get(), atHead(head.get(), lastSeq, lastHash));
            }
            for (AuditChainStore.Link l : page) {
                Optional<Break> bad = check(l, lastSeq + 1, lastHash);
                if (bad.isPresent()) {
                    return new Report(checked, chain.head().orElse(null), bad);
                }
                checked++;
                lastSeq = l.seq();
                lastHash = l.hash();
            }
        }
    }

    private static Optional<Break> check(AuditChainStore.Link l, long expected, String prevHash) {
        if (l.seq() > expected) {
            return Optional.of(new Break(expected, Problem.REMOVED, expected == l.seq() - 1
                    ? "entry " + expected + " is missing (removed)"
                    : "entries " + expected + " to " + (l.seq() - 1) + " are missing (removed)"));
        }
        if (l.seq() < expected) {
            return Optional.of(new Break(l.seq(), Problem.LINK, "entry " + l.seq() + " is out of place (expected seq "
                    + expected + ")"));
        }
        if (!prevHash.equals(l.prevHash())) {
            return Optional.of(new Break(l.seq(), Problem.LINK, "entry " + l.seq() + "'s prev_hash does not match the "
                    + "hash of entry " + (l.seq() - 1) + " (one of them was rewritten)"));
        }
        if (!AuditChain.hash(l.seq(), l.prevHash(), l.fields()).equals(l.hash())) {
            return Optional.of(new Break(l.seq(), Problem.ALTERED, "entry " + l.seq() + " was altered (its fields no "
                    + "longer match its hash)"));
        }
        return Optional.empty();
    }

    private static Optional<Break> atHead(AuditChainStore.Head head, long lastSeq, String lastHash) {
        if (head.seq() > lastSeq) {
            return Optional.of(new Break(lastSeq + 1, Problem.REMOVED, head.seq() == lastSeq + 1
                    ? "entry " + head.seq() + ", the last, is missing (removed; the head is at seq " + head.seq() + ")"
                    : "entries " + (lastSeq + 1) + " to " + head.seq() + ", the last, are missing (removed; the head "
                    + "is at seq " + head.seq() + ")"));
        }
        if (head.seq() < lastSeq) {
            return Optional.of(new Break(head.seq() + 1, Problem.HEAD, "entry " + (head.seq() + 1) + " is beyond the "
                    + "chain's head (seq " + head.seq() + "): added outside irflow, or the head was rewound"));
        }
        if (!head.hash().equals(lastHash)) {
            return Optional.of(new Break(lastSeq, Problem.HEAD, "entry " + lastSeq + "'s hash is not the one the "
                    + "chain's head records (the entry or the head was rewritten)"));
        }
        return Optional.empty();
    }
}
