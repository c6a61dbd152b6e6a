package io.irflow.adapters.amp;

import io.irflow.adapters.amp.dto.Computer;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.HostDirectory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * AMP for Endpoints as a host directory: the computers a typed name may mean, from one
 * {@code GET /v1/computers?hostname[]=} (whose matching is not exact, see ../shared/reference/amp/NOTES.md §5.1),
 * filtered as {@link ComputerView#matchingHostname} does; no events are read. Config: {@link AmpConfig}.
 */
public final class AmpHostDirectory implements HostDirectory, AutoCloseable {
    private final AmpClient client;
    private final HostnameSearches searches;

    public AmpHostDirectory(AmpConfig config) {
        this(config, new HostnameSearches());
    }

    /** A directory that hands its hostname searches to the enrichment (see {@link HostnameSearches}). */
    AmpHostDirectory(AmpConfig config, HostnameSearches searches) {
        this.client = new AmpClient(config);
        this.searches = searches;
    }

    @Override
    public String source() {
        return AmpClient.PRODUCT;
    }

    @Override
    public List<String> hostsNamed(String name) throws AdapterException {
        String asked = name.trim();
        Map<String, String> names = new LinkedHashMap<>();
        List<Computer> hits = searches.ask(client, asked, AmpEnrichment.COMPUTER_LIMIT);
        for (Computer c : ComputerView.matchingHostname(hits, asked)) {
            names.putIfAbsent(c.hostname().trim().toLowerCase(Locale.ROOT), c.hostname().trim());
        }
        return List.copyOf(names.values());
    }

    @Override
    public void close() {
        client.close();
    }
}
