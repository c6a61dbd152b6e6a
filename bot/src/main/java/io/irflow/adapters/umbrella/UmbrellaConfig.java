package io.irflow.adapters.umbrella;

import io.irflow.adapters.HttpSettings;

/**
 * What Umbrella domain blocking needs: either the Enforcement API's integration key, or (preferred when set) a v2 API
 * key/secret and the destination list to put blocked domains on.
 *
 * @param http              Enforcement API base, default {@code https://s-platform.api.opendns.com/1.0}
 * @param customerKey       the custom integration's key (sent as {@code customerKey} query parameter); never logged
 * @param v2Http            Umbrella API v2 base, default {@code https://api.umbrella.com}
 * @param clientId          v2 API key (OAuth2 client id), or null to use the Enforcement API
 * @param clientSecret      v2 API secret; never logged
 * @param destinationListId numeric id of the v2 block destination list (required with a v2 key)
 */
public record UmbrellaConfig(HttpSettings http, String customerKey, HttpSettings v2Http, String clientId,
                             String clientSecret, String destinationListId) {
    public static final String ENFORCEMENT_BASE = "https://s-platform.api.opendns.com/1.0";
    public static final String V2_BASE = "https://api.umbrella.com";

    public UmbrellaConfig {
        http = http == null ? HttpSettings.of(ENFORCEMENT_BASE) : http;
        v2Http = v2Http == null ? HttpSettings.of(V2_BASE) : v2Http;
        boolean v2 = present(clientId) && present(clientSecret);
        if (!v2 && !present(customerKey)) {
            throw new IllegalArgumentException("umbrella blocking needs customer_key, or client_id and client_secret");
        }
        if (v2 && (destinationListId == null || !destinationListId.trim().matches("\\d+"))) {
            throw new IllegalArgumentException("umbrella destination_list_id must be the numeric id of a block list");
        }
        destinationListId = destinationListId == null ? null : destinationListId.trim();
    }

    /** An Enforcement API config with the default base URL. */
    public static UmbrellaConfig enforcement(String customerKey) {
        return new UmbrellaConfig(null, customerKey, null, null, null, null);
    }

    /** A v2 destination-list config with the default base URL. */
    public static UmbrellaConfig destinationList(String clientId, String clientSecret, String destinationListId) {
        return new UmbrellaConfig(null, null, null, clientId, clientSecret, destinationListId);
    }

    /** Whether the v2 destination-list API is used (a v2 key and secret are configured). */
    public boolean usesDestinationList() {
        return present(clientId) && present(clientSecret);
    }

    private static boolean present(String s) {
        return s != null && !s.isBlank();
    }

    @Override
    public String toString() {
        return "UmbrellaConfig[http=" + http + ", customerKey=" + (customerKey == null ? "null" : "***")
                + ", v2Http=" + v2Http + ", clientId=" + (clientId == null ? "null" : "***")
                + ", clientSecret=" + (clientSecret == null ? "null" : "***")
                + ", destinationListId=" + destinationListId + "]";
    }
}
