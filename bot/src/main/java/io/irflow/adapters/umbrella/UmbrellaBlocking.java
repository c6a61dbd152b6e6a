package io.irflow.adapters.umbrella;

import io.irflow.adapters.umbrella.UmbrellaDestinationListClient.Destinations;
import io.irflow.adapters.umbrella.UmbrellaEnforcementClient.DomainList;
import io.irflow.adapters.umbrella.dto.BlockedDomain;
import io.irflow.adapters.umbrella.dto.Destination;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Containment;
import io.irflow.capabilities.ContainmentCheck;
import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.ContainmentResult;
import io.irflow.capabilities.ContainmentState;
import io.irflow.capabilities.ContainmentState.Status;
import io.irflow.capabilities.ContainmentResult.Change;

import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Blocks and unblocks a domain in Umbrella, through the v2 destination list when a v2 key is configured, else through
 * the Enforcement API.
 * <ul>
 *   <li>Enforcement: apply reads GET /domains (listed: {@link Change#ALREADY}) then POSTs one event to /events (202 —
 *   queued: Umbrella still applies its safeguards and may skip popular domains,
 *   docs/reference/umbrella-enforcement.md#what-202-means); undo finds the domain's id
 *   in GET /domains and DELETEs /domains/{id} (not listed: ALREADY; beyond the pages read: DELETE by
 *   {@code where[name]}).</li>
 *   <li>v2: apply reads the list's destinations (listed: ALREADY) then POSTs {@code [{destination, comment}]}; undo
 *   looks up the entry's id and DELETEs …/destinations/remove with {@code [id]} (not listed: ALREADY).</li>
 *   <li>isContained: whether the domain is on the list; empty when the list is longer than the pages read.</li>
 *   <li>check (verification and drift): the same list read; with Enforcement it is what confirms a 202, since
 *   Umbrella may skip popular or allow-listed domains (docs/reference/umbrella-enforcement.md#what-202-means).</li>
 *   <li>Targets are bare domain names; URLs, IPs and malformed names are BAD_INPUT without a call.</li>
 * </ul>
 * Config: {@link UmbrellaConfig} — an Enforcement {@code customerKey}, or v2 client id/secret and destination list id.
 */
public final class UmbrellaBlocking implements Containment, ContainmentCheck, AutoCloseable {
    static final int MAX_PAGES = 10;
    static final String COMMENT = "Blocked by irflow";
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9])?\\.)+[a-z](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private final UmbrellaEnforcementClient enforcement;
    private final UmbrellaDestinationListClient destinations;
    private final String listId;
    /** Where the calls would go: the v2 API or the Enforcement API host (what a dry run names). */
    private final String host;

    public UmbrellaBlocking(UmbrellaConfig config) {
        this(config, Clock.systemUTC());
    }

    UmbrellaBlocking(UmbrellaConfig config, Clock clock) {
        if (config.usesDestinationList()) {
            this.enforcement = null;
            this.destinations = new UmbrellaDestinationListClient(config, clock);
        } else {
            this.enforcement = new UmbrellaEnforcementClient(config, clock);
            this.destinations = null;
        }
        this.listId = config.destinationListId();
        this.host = config.usesDestinationList() ? config.v2Http().host() : config.http().host();
    }

    @Override
    public ContainmentKind kind() {
        return ContainmentKind.BLOCK_DOMAIN;
    }

    @Override
    public String product() {
        return UmbrellaErrors.PRODUCT;
    }

    @Override
    public Optional<Boolean> isContained(String target) throws AdapterException {
        String domain = domain(target);
        boolean found;
        boolean complete;
        if (destinations != null) {
            Destinations list = destinations.destinations(listId, MAX_PAGES);
            found = list.find(domain) != null;
            complete = list.complete();
        } else {
            DomainList list = enforcement.blockedDomains(MAX_PAGES);
            found = list.find(domain) != null;
            complete = list.complete();
        }
        return found ? Optional.of(true) : complete ? Optional.of(false) : Optional.empty();
    }

    @Override
    public Optional<ContainmentCheck> check() {
        return Optional.of(this);
    }

    /** Whether the destination list (or the integration's block list) holds the domain. */
    @Override
    public ContainmentState observe(String target) throws AdapterException {
        String domain = domain(target);
        String list = destinations != null ? "Umbrella destination list " + listId
                : "Umbrella's integration block list";
        Optional<Boolean> listed = isContained(domain);
        if (listed.isEmpty()) {
            return new ContainmentState(Status.UNKNOWN, "", list + " is longer than irflow reads");
        }
        return new ContainmentState(listed.get() ? Status.IN_EFFECT : Status.NOT_IN_EFFECT,
                listed.get() ? "listed" : "not listed", list + (listed.get() ? " contains " : " does not contain ")
                + domain);
    }

    @Override
    public ContainmentResult apply(String target) throws AdapterException {
        String domain = domain(target);
        if (destinations != null) {
            if (destinations.destinations(listId, MAX_PAGES).find(domain) != null) {
                return new ContainmentResult(Change.ALREADY, "already on destination list " + listId, 200, null, null);
            }
            int status = destinations.addDestination(listId, domain, COMMENT);
            return new ContainmentResult(Change.DONE, "added to destination list " + listId, status, null, null);
        }
        if (enforcement.blockedDomains(MAX_PAGES).find(domain) != null) {
            return new ContainmentResult(Change.ALREADY, "already on the integration's block list", 200, null, null);
        }
        String eventId = enforcement.submitBlockEvent(domain, COMMENT);
        return new ContainmentResult(Change.DONE, "submitted to Umbrella; it still checks the domain's reputation and "
                + "skips popular or allow-listed domains", 202, eventId, null);
    }

    @Override
    public ContainmentResult undo(String target) throws AdapterException {
        String domain = domain(target);
        if (destinations != null) {
            Destinations list = destinations.destinations(listId, MAX_PAGES);
            Destination entry = list.find(domain);
            if (entry == null) {
                if (!list.complete()) {
                    throw new AdapterException(UmbrellaErrors.PRODUCT, Kind.CONFLICT, "destination list " + listId
                            + " is longer than irflow reads; remove " + domain + " in the Umbrella dashboard");
                }
                return new ContainmentResult(Change.ALREADY, "not on destination list " + listId, 200, null, null);
            }
            int status = destinations.removeDestination(listId, destinationId(entry));
            return new ContainmentResult(Change.DONE, "removed from destination list " + listId, status, null, null);
        }
        DomainList list = enforcement.blockedDomains(MAX_PAGES);
        BlockedDomain entry = list.find(domain);
        if (entry != null && entry.id() != null) {
            try {
                int status = enforcement.deleteDomain(entry.id());
                return new ContainmentResult(Change.DONE, "removed from the integration's block list", status, null, null);
            } catch (AdapterException e) {
                if (e.kind() == Kind.NOT_FOUND) { // removed in the meantime
                    return new ContainmentResult(Change.ALREADY, "not on the integration's block list", 404, null, null);
                }
                throw e;
            }
        }
        if (entry == null && list.complete()) {
            return new ContainmentResult(Change.ALREADY, "not on the integration's block list", 200, null, null);
        }
        int status = enforcement.deleteDomainByName(domain);
        return new ContainmentResult(Change.DONE, "removal by name accepted by Umbrella", status, null, null);
    }

    @Override
    public String wouldHave(String target, boolean undo) throws AdapterException {
        String domain = domain(target);
        String list = destinations != null ? "Umbrella destination list " + listId
                : "the Umbrella Enforcement API block list";
        return (undo ? "removed " + domain + " from " : "added " + domain + " to ") + list + " on " + host;
    }

    private static long destinationId(Destination entry) throws AdapterException {
        try {
            // listed as a string, removed by number (docs/reference/umbrella-enforcement.md#destination-lists-v2)
            return Long.parseLong(entry.id().trim());
        } catch (RuntimeException e) {
            throw new AdapterException(UmbrellaErrors.PRODUCT, Kind.MALFORMED, "Umbrella listed a destination without a numeric id");
        }
    }

    /** A bare domain name in lower case without a trailing dot; anything else is BAD_INPUT. */
    static String domain(String target) throws AdapterException {
        String d = normal(target == null ? "" : target);
        if (!DOMAIN.matcher(d).matches()) {
            throw new AdapterException(UmbrellaErrors.PRODUCT, Kind.BAD_INPUT, "not a domain name");
        }
        return d;
    }

    /** Lower case, trimmed, without a trailing dot. */
    static String normal(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }

    @Override
    public void close() {
        if (enforcement != null) {
            enforcement.close();
        }
        if (destinations != null) {
            destinations.close();
        }
    }
}
