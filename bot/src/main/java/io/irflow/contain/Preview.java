package io.irflow.contain;

import io.irflow.capabilities.ImpactPreview.Impact;

import java.util.List;

/**
 * What a confirmation card shows before the responder presses: each product's part of the impact, and which parts
 * could not be had in time ("AMP for Endpoints timed out"). Raw text; cards escape it.
 *
 * @param impacts     the parts that came, in the products' order
 * @param unavailable why each missing part is missing, e.g. "AMP for Endpoints timed out"
 */
public record Preview(List<Impact> impacts, List<String> unavailable) {
    /** No preview at all (nothing previews this action). */
    public static final Preview NONE = new Preview(List.of(), List.of());

    public Preview {
        impacts = List.copyOf(impacts);
        unavailable = List.copyOf(unavailable);
    }

    /** Whether there is nothing to show. */
    public boolean isEmpty() {
        return impacts.isEmpty() && unavailable.isEmpty();
    }
}
