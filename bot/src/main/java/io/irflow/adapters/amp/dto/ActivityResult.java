package io.irflow.adapters.amp.dto;


import java.util.List;

/**
 * The computers that observed a value, as far as the bounded page walk went.
 *
 * @param computers computers read (guid, hostname, active, links), de-duplicated by connector guid
 * @param total     the total AMP reported, or null when it did not say
 * @param complete  false when more pages existed than were fetched
 */
public record ActivityResult(List<Computer> computers, Integer total, boolean complete) {
    public ActivityResult {
        computers = computers == null ? List.of() : List.copyOf(computers);
    }

    /** How many computers saw it: AMP's total when known, else the number read. */
    public int count() {
        return total != null && total >= computers.size() ? total : computers.size();
    }
}
