package io.irflow.capabilities;

/** A read-only source that can say something about observables (reputation, sightings, host details, location). */
public interface Enrichment {

    /** The product name shown on cards, e.g. "Umbrella Investigate". */
    String source();

    /** Whether this source can say anything about observables of this type. */
    boolean supports(ObservableType type);

    /**
     * Looks the observable up.
     *
     * @return what the product knows; {@link Finding#nothingKnown(String)} when it knows nothing
     * @throws AdapterException when the product refuses, fails or is unreachable
     */
    Finding enrich(Observable observable) throws AdapterException;
}
