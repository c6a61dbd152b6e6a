package io.irflow.adapters.servicenow;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.oauth.AccessTokens;
import io.irflow.adapters.servicenow.dto.IncidentFields;
import io.irflow.adapters.servicenow.dto.IncidentList;
import io.irflow.adapters.servicenow.dto.IncidentRecord;
import io.irflow.adapters.servicenow.dto.IncidentResult;
import io.irflow.adapters.servicenow.dto.UserList;
import io.irflow.adapters.servicenow.dto.UserRecord;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.capabilities.Ticketing.TicketChange;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Raw calls to the ServiceNow Table API for the {@code incident} and {@code sys_user} tables
 * (docs/reference/servicenow.md#endpoints), authorised with HTTP Basic or a cached OAuth bearer token that is refreshed
 * once when a call answers 401.
 */
public final class ServiceNowClient implements AutoCloseable {
    static final String PRODUCT = "ServiceNow";
    static final String INCIDENTS = "/api/now/table/incident";
    static final String USERS = "/api/now/table/sys_user";
    /** Fields read back after a PATCH: enough to check the state stuck (docs/reference/servicenow.md#silent-no-ops). */
    static final String PATCH_FIELDS = "sys_id,number,state";
    private static final Pattern SYS_ID = Pattern.compile("[0-9A-Za-z]{1,64}");
    /**
     * What irflow writes into {@code correlation_display} next to its incident id in {@code correlation_id}. Both are
     * standard task fields for "the id of this record in an external system" (they are in the reference create
     * answer, samples/create-incident-201-response.json; ServiceNow community answers on Table API integrations use
     * correlation_id exactly so: servicenow.com/community, "Updating incident by using correlation id instead of
     * sys_id for a table api integration").
     */
    static final String CORRELATION_DISPLAY = "irflow";
    private static final Pattern CORRELATION_ID = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    /** docs/reference/servicenow.md#authentication: {@code POST /oauth_token.do}, form-encoded (JSON bodies fail). */
    static final String TOKEN_PATH = "/oauth_token.do";
    /** docs/reference/servicenow.md#authentication: the lifespan is set per OAuth app; 1799 s is common. */
    private static final long OAUTH_LIFETIME_SECONDS = 1799;

    private final ProductHttp http;
    private final ServiceNowConfig config;
    private final ServiceNowErrors errors;
    private final AccessTokens tokens;
    private final String basic;

    public ServiceNowClient(ServiceNowConfig config, Clock clock) {
        this.config = config;
        this.http = new ProductHttp(PRODUCT, config.http());
        this.errors = new ServiceNowErrors(http, List.of(nz(config.password()), nz(config.clientSecret())));
        this.tokens = config.usesOAuth() ? new AccessTokens(http, PRODUCT, "the OAuth client or user credentials",
                OAUTH_LIFETIME_SECONDS, () -> http.send(() -> http.client().post(http.url(TOKEN_PATH))
                        .header("Accept", "application/json")
                        .contentType("application/x-www-form-urlencoded")
                        .body(passwordGrant(config))
                        .asString()), errors::expectOk, errors::safe, clock) : null;
        this.basic = "Basic " + Base64.getEncoder().encodeToString(
                (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code POST /api/now/table/incident}: creates an incident; ServiceNow answers 201 with the full record. Every
     * field passes through {@link CodeTags} first, as on update.
     */
    public IncidentRecord createIncident(IncidentFields fields) throws AdapterException {
        String json = json(CodeTags.neutralise(fields));
        String body = errors.expectOk(authorized(auth -> http.client().post(http.url(INCIDENTS))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .contentType("application/json")
                .body(json)
                .asString()));
        return record(body);
    }

    /**
     * {@code PATCH /api/now/table/incident/{sys_id}?sysparm_fields=sys_id,number,state}: changes the given fields;
     * {@code work_notes} is appended.
     */
    public IncidentRecord updateIncident(String sysId, IncidentFields fields) throws AdapterException {
        String path = INCIDENTS + http.path(checkedSysId(sysId));
        String json = json(CodeTags.neutralise(fields));
        String body = errors.expectOk(authorized(auth -> http.client().patch(http.url(path))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .queryString("sysparm_fields", PATCH_FIELDS)
                .contentType("application/json")
                .body(json)
                .asString()));
        return record(body);
    }

    /**
     * {@code GET /api/now/table/sys_user?sysparm_query=email=<email>&sysparm_fields=sys_id,name&sysparm_limit=1}:
     * the user with that email, or null. Anything but a plain email address is refused before the request, because
     * {@code ^} or an operator in the value would change the encoded query
     * (docs/reference/servicenow.md#encoded-queries); the value is URL-encoded.
     */
    public UserRecord findUserByEmail(String email) throws AdapterException {
        if (!TicketChange.isPlainEmail(email)) {
            throw new AdapterException(PRODUCT, Kind.BAD_INPUT, "not a plain email address; no sys_user lookup");
        }
        String body = errors.expectOk(authorized(auth -> http.client().get(http.url(USERS))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .queryString("sysparm_query", "email=" + email)
                .queryString("sysparm_fields", "sys_id,name")
                .queryString("sysparm_limit", "1")
                .asString()));
        UserList users = http.parse(body, UserList.class);
        if (users == null || users.result() == null) {
            return null;
        }
        return users.result().stream()
                .filter(u -> u != null && u.sysId() != null && !u.sysId().isBlank())
                .findFirst().orElse(null);
    }

    /**
     * {@code GET /api/now/table/incident?sysparm_query=correlation_id=<id>^correlation_display=irflow^ORDERBYDESC
     * sys_created_on&sysparm_fields=sys_id,number,correlation_id,sys_created_on&sysparm_limit=10}: the incidents irflow
     * created for this id, newest first (an empty list when none). The id must be letters, digits, {@code . _ -} (an
     * irflow incident id), so nothing in it can change the encoded query; the value is URL-encoded
     * (docs/reference/servicenow.md#encoded-queries).
     */
    public List<IncidentRecord> findByCorrelation(String correlationId) throws AdapterException {
        if (correlationId == null || !CORRELATION_ID.matcher(correlationId).matches()) {
            throw new AdapterException(PRODUCT, Kind.BAD_INPUT, "not an irflow incident id; no correlation lookup");
        }
        String body = errors.expectOk(authorized(auth -> http.client().get(http.url(INCIDENTS))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .queryString("sysparm_query", "correlation_id=" + correlationId + "^correlation_display="
                        + CORRELATION_DISPLAY + "^ORDERBYDESCsys_created_on")
                .queryString("sysparm_fields", "sys_id,number,correlation_id,sys_created_on")
                .queryString("sysparm_limit", "10")
                .queryString("sysparm_no_count", "true")
                .asString()));
        IncidentList list = http.parse(body, IncidentList.class);
        if (list == null || list.result() == null) {
            throw http.malformed(new IllegalStateException("query answer without result array"));
        }
        return list.result();
    }

    /**
     * {@code GET /api/now/table/incident?sysparm_limit=1&sysparm_fields=sys_id&sysparm_no_count=true}:
     * a cheap authenticated read that proves the credentials and the incident ACLs.
     */
    public void probe() throws AdapterException {
        String body = errors.expectOk(authorized(auth -> http.client().get(http.url(INCIDENTS))
                .header("Authorization", auth)
                .header("Accept", "application/json")
                .queryString("sysparm_limit", "1")
                .queryString("sysparm_fields", "sys_id")
                .queryString("sysparm_no_count", "true")
                .asString()));
        IncidentList list = http.parse(body, IncidentList.class);
        if (list == null || list.result() == null) {
            throw http.malformed(new IllegalStateException("query answer without result array"));
        }
    }

    /** Sends a request with the configured auth; with OAuth a 401 drops the token and retries once. */
    private HttpResponse<String> authorized(Request request) throws AdapterException {
        if (tokens == null) {
            return http.send(() -> request.send(basic));
        }
        return tokens.send(token -> http.send(() -> request.send("Bearer " + token)));
    }

    private IncidentRecord record(String body) throws AdapterException {
        IncidentResult result = http.parse(body, IncidentResult.class);
        if (result == null || result.result() == null) {
            throw http.malformed(new IllegalStateException("answer without result record"));
        }
        return result.result();
    }

    private static String checkedSysId(String sysId) throws AdapterException {
        if (sysId == null || !SYS_ID.matcher(sysId).matches()) {
            throw new AdapterException(PRODUCT, Kind.BAD_INPUT, "not a ServiceNow sys_id: " + sysId);
        }
        return sysId;
    }

    private static String json(Object body) {
        try {
            return Json.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + body.getClass().getSimpleName(), e);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s;
    }

    @Override
    public void close() {
        http.close();
    }

    /** One HTTP call made with a given Authorization header value; called again for the retry. */
    @FunctionalInterface
    private interface Request {
        HttpResponse<String> send(String authorization);
    }

    /**
     * {@code grant_type=password} with client id, client secret, username and password
     * (docs/reference/servicenow.md#authentication); a new password grant replaces the refresh_token grant because
     * irflow holds the password anyway.
     */
    private static String passwordGrant(ServiceNowConfig config) {
        return "grant_type=password&client_id=" + form(config.clientId()) + "&client_secret=" + form(config.clientSecret())
                + "&username=" + form(config.username()) + "&password=" + form(config.password());
    }

    private static String form(String value) {
        return java.net.URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
    }

}
