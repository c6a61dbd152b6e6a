package io.irflow.adapters.servicenow;

import io.irflow.adapters.HttpSettings;

import java.util.Objects;

/**
 * What the ServiceNow ticketing adapter needs.
 *
 * @param http         the instance base URL, e.g. {@code https://example.service-now.com} (may carry a path prefix)
 * @param username     the integration user (role {@code itil}); used for Basic auth, or for the OAuth password grant
 * @param password     that user's password; never logged
 * @param clientId     OAuth client id; null or blank means HTTP Basic auth
 *                     (docs/reference/servicenow.md#authentication)
 * @param clientSecret OAuth client secret; never logged
 * @param ticket       what every new ticket carries (assignment group, default caller, category, close code)
 * @param uiBaseUrl    where people open tickets (docs/reference/servicenow.md#deep-links); null or blank means the
 *                     instance base URL
 */
public record ServiceNowConfig(HttpSettings http, String username, String password, String clientId,
                               String clientSecret, TicketDefaults ticket, String uiBaseUrl) {

    public ServiceNowConfig {
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        if (clientId != null && clientId.isBlank()) {
            clientId = null;
        }
        if (clientId != null) {
            Objects.requireNonNull(clientSecret, "clientSecret (required with clientId)");
        }
        ticket = ticket == null ? TicketDefaults.NONE : ticket;
        uiBaseUrl = uiBaseUrl == null || uiBaseUrl.isBlank() ? http.base() : stripSlash(uiBaseUrl);
    }

    /** HTTP Basic auth with an integration user. */
    public static ServiceNowConfig basic(HttpSettings http, String username, String password, TicketDefaults ticket) {
        return new ServiceNowConfig(http, username, password, null, null, ticket, null);
    }

    /** OAuth 2.0 password grant against {@code /oauth_token.do} with an OAuth app and an integration user. */
    public static ServiceNowConfig oauth(HttpSettings http, String clientId, String clientSecret, String username,
                                         String password, TicketDefaults ticket) {
        return new ServiceNowConfig(http, username, password, clientId, clientSecret, ticket, null);
    }

    /** True when calls carry an OAuth bearer token instead of Basic credentials. */
    public boolean usesOAuth() {
        return clientId != null;
    }

    @Override
    public String toString() {
        return "ServiceNowConfig[http=" + http + ", username=" + username + ", password=***, clientId=" + clientId
                + ", clientSecret=" + (clientSecret == null ? "null" : "***") + ", ticket=" + ticket
                + ", uiBaseUrl=" + uiBaseUrl + "]";
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /**
     * Values every new incident gets; all optional.
     *
     * @param assignmentGroup sys_id of the {@code sys_user_group} used when a ticket names none
     * @param caller          sys_id of the {@code sys_user} used when the opener cannot be found by email
     * @param category        incident category (instance-specific; base instances have no "security"), or null
     * @param subcategory     incident subcategory, or null
     * @param closeCode       the resolution code sent when resolving; null means "Solution provided"
     *                        (docs/reference/servicenow.md#states, values differ by release — older instances use e.g.
     *                        "Solved (Permanently)")
     */
    public record TicketDefaults(String assignmentGroup, String caller, String category, String subcategory,
                                 String closeCode) {
        /** No defaults at all. */
        public static final TicketDefaults NONE = new TicketDefaults(null, null, null, null, null);
        /** The close code of current releases. */
        public static final String DEFAULT_CLOSE_CODE = "Solution provided";

        public TicketDefaults {
            assignmentGroup = blankToNull(assignmentGroup);
            caller = blankToNull(caller);
            category = blankToNull(category);
            subcategory = blankToNull(subcategory);
            closeCode = closeCode == null || closeCode.isBlank() ? DEFAULT_CLOSE_CODE : closeCode;
        }

        private static String blankToNull(String s) {
            return s == null || s.isBlank() ? null : s;
        }
    }
}
