package io.irflow.capabilities;

import java.util.List;

/**
 * What one source knows about one observable: a verdict plus compact facts, links, and for hosts typed details.
 *
 * @param source   the product name shown on the card, e.g. "AMP for Endpoints"
 * @param known    false when the product answered but knows nothing
 * @param verdict  the source's judgement
 * @param facts    title/value lines, raw text (cards escape it)
 * @param links    console links
 * @param hosts    hosts the product describes or that saw the observable
 * @param location where the device is, when the source locates clients
 */
public record Finding(String source, boolean known, Verdict verdict, List<Fact> facts, List<Link> links,
                      List<HostDetails> hosts, Location location) {
    public Finding {
        verdict = verdict == null ? Verdict.unknown() : verdict;
        facts = facts == null ? List.of() : List.copyOf(facts);
        links = links == null ? List.of() : List.copyOf(links);
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
    }

    /** A finding for "the product answered and knows nothing about it". */
    public static Finding nothingKnown(String source) {
        return new Finding(source, false, Verdict.unknown(), List.of(), List.of(), List.of(), null);
    }
}
