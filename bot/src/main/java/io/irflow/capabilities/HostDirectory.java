package io.irflow.capabilities;

import java.util.List;

/**
 * A product that lists computers by name (AMP's computer list), asked which computers a typed name may mean, so a
 * computer's FQDN under a public suffix is investigated as a host and a short name shared by several computers is
 * asked about before any action.
 */
public interface HostDirectory {

    /** The product name, e.g. "AMP for Endpoints". */
    String source();

    /**
     * The full names of the computers a typed name may mean: those named exactly so (case-insensitive) when there are
     * any, else those with the same first DNS label when one of the two is a short name. Distinct, as the product
     * spells them; empty when none.
     *
     * @throws AdapterException when the product refuses, fails or is unreachable
     */
    List<String> hostsNamed(String name) throws AdapterException;
}
