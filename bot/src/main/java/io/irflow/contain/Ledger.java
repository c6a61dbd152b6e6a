package io.irflow.contain;

import io.irflow.capabilities.ContainmentKind;
import io.irflow.capabilities.HostDetails;
import io.irflow.hosts.HostLookup;
import io.irflow.hosts.HostIdentifier;
import io.irflow.investigate.InvestigationResult;
import io.irflow.investigate.SourceResult;
import io.irflow.investigate.SourceStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The ledger as the truth for what irflow did to a host: joins what irflow holds contained ({@link ContainedTargetStore},
 * keyed by MAC, connector guid, domain or hash) with the host lookup, so every card naming a host can show irflow's
 * own state for it, whichever identifier was typed. It learns hosts from every investigation ({@link #observe}), and on
 * every containment or undo ({@link #audited}) tells {@code changed} every identifier of the host, so cached product
 * answers about any of them are dropped.
 */
public final class Ledger {
    private static final Logger LOG = LoggerFactory.getLogger(Ledger.class);
    private static final Set<AuditStore.Event> CHANGES = EnumSet.of(AuditStore.Event.EXECUTED, AuditStore.Event.UNDONE,
            AuditStore.Event.ALREADY);

    private final HostLookup hosts;
    private final ContainedTargetStore contained;
    private final Consumer<Set<String>> changed;

    /**
     * One containment irflow holds on a host a card shows.
     *
     * @param row         the ledger row (what, by whom, since when)
     * @param identifiers every identifier of the contained host (normalised), the row's target included
     */
    public record Hold(ContainedTargetStore.Row row, Set<String> identifiers) {
        public Hold {
            identifiers = Set.copyOf(identifiers);
        }

        /** Whether this containment already covers a target the card would offer (same action, same host). */
        public boolean covers(Targets.Target t) {
            return row.kind() == t.kind() && identifiers.contains(HostIdentifier.normalise(t.target()));
        }
    }

    /** @param changed hears every identifier of a host whose containment changed (to drop cached answers); must not throw */
    public Ledger(HostLookup hosts, ContainedTargetStore contained, Consumer<Set<String>> changed) {
        this.hosts = hosts;
        this.contained = contained;
        this.changed = changed;
    }

    /** Records the hosts an investigation's sources described. Never throws: a store failure is logged. */
    public void observe(InvestigationResult result) {
        for (HostDetails h : hostsOf(result)) {
            try {
                hosts.record(HostIdentifier.of(h));
            } catch (RuntimeException e) {
                LOG.warn("could not record host {}: {}", h.hostname(), e.getMessage());
            }
        }
    }

    /**
     * What irflow holds contained on the hosts a result names (or on the observable itself: a blocked domain or hash),
     * oldest first. Never throws: without the database the card simply shows no ledger state.
     */
    public List<Hold> holds(InvestigationResult result) {
        Set<String> asked = new LinkedHashSet<>();
        asked.add(result.observable().value());
        for (HostDetails h : hostsOf(result)) {
            HostIdentifier.of(h).forEach(i -> asked.add(i.value()));
        }
        return holds(asked);
    }

    /**
     * What irflow holds contained on the hosts these identifiers name (or on the values themselves), oldest first
     * (an alert card asks with its host's name, IP, MAC and connector guid). Never throws.
     */
    public List<Hold> holds(java.util.Collection<String> identifiers) {
        try {
            Map<String, Set<String>> hostOf = new LinkedHashMap<>();
            for (String value : identifiers) {
                if (value != null && !value.isBlank()) {
                    Set<String> all = identifiersOf(value);
                    all.forEach(v -> hostOf.putIfAbsent(v, all));
                }
            }
            List<Hold> out = new ArrayList<>();
            for (ContainedTargetStore.Row row : contained.among(hostOf.keySet())) {
                out.add(new Hold(row, hostOf.getOrDefault(HostIdentifier.normalise(row.target()),
                        Set.of(HostIdentifier.normalise(row.target())))));
            }
            return out;
        } catch (RuntimeException e) {
            LOG.warn("could not read the ledger for {}: {}", identifiers, e.getMessage());
            return List.of();
        }
    }

    /** Every identifier of the host this value names (normalised), or just the value when no host is known for it. */
    public Set<String> identifiersOf(String value) {
        return hosts.identifiersOf(value, false);
    }

    /** Hears the audit: a containment executed or undone drops cached answers about every identifier of its host. */
    public void audited(AuditStore.Entry e) {
        if (forgetCached(e)) {
            remember(e);
        }
    }

    /**
     * Drops cached answers about every identifier of the host a containment change names (also for changes another
     * instance made, heard through {@link LedgerFeed}).
     *
     * @return whether the entry was such a change
     */
    public boolean forgetCached(AuditStore.Entry e) {
        if (!CHANGES.contains(e.event()) || e.target() == null) {
            return false;
        }
        Set<String> ids;
        try {
            ids = identifiersOf(e.target());
        } catch (RuntimeException ex) {
            LOG.warn("could not read the host of {}: {}", e.target(), ex.getMessage());
            ids = Set.of(HostIdentifier.normalise(e.target()));
        }
        LOG.info("{} of {}: dropping cached answers about {}", e.event().name().toLowerCase(Locale.ROOT), e.target(), ids);
        changed.accept(ids);
        return true;
    }

    /** A host contained by a typed MAC or connector guid becomes known by it too. */
    private void remember(AuditStore.Entry e) {
        HostIdentifier.Kind kind = e.kind() == ContainmentKind.QUARANTINE ? HostIdentifier.Kind.MAC
                : e.kind() == ContainmentKind.ISOLATE ? HostIdentifier.Kind.AMP_CONNECTOR : null;
        if (kind != null && e.event() == AuditStore.Event.EXECUTED) {
            try {
                hosts.record(List.of(new HostIdentifier(kind, e.target())));
            } catch (RuntimeException ex) {
                LOG.warn("could not record host {}: {}", e.target(), ex.getMessage());
            }
        }
    }

    /** The hosts the sources of a result described (found ones only). */
    public static List<HostDetails> hostsOf(InvestigationResult result) {
        List<HostDetails> out = new ArrayList<>();
        for (SourceResult r : result.results()) {
            if (r.status() == SourceStatus.FOUND && r.finding() != null) {
                out.addAll(r.finding().hosts());
            }
        }
        return out;
    }
}
