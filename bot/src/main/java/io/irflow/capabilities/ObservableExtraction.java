package io.irflow.capabilities;

import java.util.List;

/** Pulls observables out of free text (Threat Response's inspect API). */
public interface ObservableExtraction {

    /**
     * Extracts the observables found in the text.
     *
     * @throws AdapterException when the product fails
     */
    List<Observable> extract(String text) throws AdapterException;
}
