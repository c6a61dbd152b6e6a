package io.irflow.capabilities;

/** A cheap authenticated call that tells whether a product is reachable with the configured credentials. */
public interface Probe {

    /** The product name. */
    String source();

    /** Returns normally when reachable and authorised; throws the reason otherwise. */
    void probe() throws AdapterException;
}
