package io.irflow.capabilities;

import java.time.Instant;

/**
 * One real event a product reports that means a host may be compromised.
 *
 * @param source      product name, e.g. "AMP for Endpoints"
 * @param id          the product's stable id for the event (redeliveries and overlapping pages repeat it)
 * @param at          when it happened
 * @param title       what happened, e.g. "Executed malware"
 * @param threat      the detection or indicator name, may be null
 * @param severity    the product's severity word, may be null
 * @param host        the affected host (any field may be null)
 * @param sha256      the file's SHA-256, may be null
 * @param fileName    the file name, may be null
 * @param disposition the product's disposition, e.g. "Quarantine Failure", may be null
 * @param link        a console link, may be null
 */
public record Alert(String source, String id, Instant at, String title, String threat, String severity, AlertHost host,
                    String sha256, String fileName, String disposition, String link) {

    /**
     * The host an alert is about.
     *
     * @param hostname      host name
     * @param ip            an IP address
     * @param mac           MAC, lower-case colon form
     * @param connectorGuid the AMP connector guid
     */
    public record AlertHost(String hostname, String ip, String mac, String connectorGuid) {
    }
}
