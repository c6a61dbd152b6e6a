package io.irflow.adapters.amp;

import java.util.ArrayList;
import java.util.List;

/** AMP event type ids as the config names them ({@code alerts.amp_event_types}). */
public final class AmpEventTypes {
    private AmpEventTypes() {
    }

    /**
     * The ids, parsed; empty means the alert source's built-in compromise types.
     *
     * @throws IllegalStateException when an entry is not a number
     */
    public static List<Long> parse(List<String> ids) {
        List<Long> out = new ArrayList<>();
        for (String id : ids) {
            try {
                out.add(Long.parseLong(id.strip()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException("alerts.amp_event_types: '" + id + "' is not an AMP event type id");
            }
        }
        return out;
    }
}
