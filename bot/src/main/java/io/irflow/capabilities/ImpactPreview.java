package io.irflow.capabilities;

import java.util.List;

/**
 * A product that can say, before a containment is confirmed, what it would hit: how many computers contacted a domain
 * or hold a file (AMP's activity search), what the domain is (Umbrella Investigate's categories). Read-only; a
 * confirmation card shows the answer and never waits long for it.
 */
public interface ImpactPreview {

    /** The product name shown on the card, e.g. "AMP for Endpoints". */
    String source();

    /** Whether this product can say anything about this action's target. */
    boolean previews(ContainmentKind kind);

    /**
     * What the action would hit.
     *
     * @param target the action's target: a domain or a SHA-256, per {@code kind}
     * @throws AdapterException when the product refuses, fails or is unreachable
     */
    Impact preview(ContainmentKind kind, String target) throws AdapterException;

    /**
     * One product's part of a preview.
     *
     * @param source    the product name
     * @param computers how many computers are involved (contacted the domain, hold the file), or null when the
     *                  product does not count computers
     * @param names     some of those computers' names, at most {@link #NAMES} (raw text; cards escape it)
     * @param facts     title/value lines (raw text), e.g. "Categories: Malware"
     */
    record Impact(String source, Integer computers, List<String> names, List<Fact> facts) {
        /** How many computer names a preview carries. */
        public static final int NAMES = 5;

        public Impact {
            names = names == null ? List.of() : names.stream().limit(NAMES).toList();
            facts = facts == null ? List.of() : List.copyOf(facts);
        }
    }
}
