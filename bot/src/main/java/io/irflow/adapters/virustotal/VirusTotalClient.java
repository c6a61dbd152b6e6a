package io.irflow.adapters.virustotal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.RetryAfter;
import io.irflow.adapters.virustotal.dto.VtEnvelope;
import io.irflow.adapters.virustotal.dto.VtError;
import io.irflow.adapters.virustotal.dto.VtObject;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import io.irflow.json.Json;
import kong.unirest.core.HttpResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;

/**
 * Raw VirusTotal API v3 lookups (https://docs.virustotal.com/reference/overview), each guarded by the client-side
 * per-minute quota so the bot never spends calls VirusTotal would refuse.
 */
public final class VirusTotalClient implements AutoCloseable {
    static final String PRODUCT = "VirusTotal";
    private static final Logger LOG = LoggerFactory.getLogger(VirusTotalClient.class);
    /** docs/reference/virustotal.md#quota: v3 sends no Retry-After on 429; back off at least a minute. */
    private static final Duration QUOTA_BACKOFF = Duration.ofSeconds(60);
    private static final DateTimeFormatter CLOCK_TIME = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    private final ProductHttp http;
    private final String apiKey;
    private final int requestsPerMinute;
    private final QuotaLimiter quota;
    private final Clock clock;

    public VirusTotalClient(VirusTotalConfig config, Clock clock) {
        this.http = new ProductHttp(PRODUCT, config.http());
        this.apiKey = config.apiKey();
        this.requestsPerMinute = config.requestsPerMinute();
        this.quota = new QuotaLimiter(config.requestsPerMinute(), Duration.ofMinutes(1), clock);
        this.clock = clock;
    }

    /** {@code GET /files/{md5|sha1|sha256}} (https://docs.virustotal.com/reference/file-info); empty on 404. */
    public Optional<VtObject> file(String hash) throws AdapterException {
        return lookup("files", hash);
    }

    /** {@code GET /domains/{domain}} (https://docs.virustotal.com/reference/domain-info); empty on 404. */
    public Optional<VtObject> domain(String domain) throws AdapterException {
        return lookup("domains", domain);
    }

    /** {@code GET /ip_addresses/{ip}} (https://docs.virustotal.com/reference/ip-info); empty on 404. */
    public Optional<VtObject> ipAddress(String ip) throws AdapterException {
        return lookup("ip_addresses", ip);
    }

    /** {@code GET /urls/{url_id}} (https://docs.virustotal.com/reference/url-info); empty on 404. */
    public Optional<VtObject> url(String urlId) throws AdapterException {
        return lookup("urls", urlId);
    }

    private Optional<VtObject> lookup(String collection, String id) throws AdapterException {
        String url = http.url(http.path(collection, id));
        takeQuotaSlot();
        HttpResponse<String> response = http.send(() -> http.client().get(url)
                .header("x-apikey", apiKey)
                .header("Accept", "application/json")
                .asString());
        int status = response.getStatus();
        if (status == 404) {
            return Optional.empty();
        }
        if (status == 401 || status == 403) {
            // The 401 message can echo the key ("Wrong API key: <key>"), so only the error code is kept.
            String code = errorCode(response);
            LOG.warn("VirusTotal refused the API key: HTTP {} {}", status, code);
            throw new AdapterException(PRODUCT, Kind.UNAUTHORIZED,
                    "VirusTotal refused the API key (" + code + ")", status, null, null, null);
        }
        if (status == 429) {
            Duration wait = RetryAfter.parse(response.getHeaders().getFirst("Retry-After"));
            wait = wait == null ? QUOTA_BACKOFF : wait;
            LOG.warn("VirusTotal answered 429 {}", errorCode(response));
            throw new AdapterException(PRODUCT, Kind.RATE_LIMITED, "VirusTotal says the API quota is used up; "
                    + askAgain(wait) + " (if it keeps refusing, the daily quota is spent)", status, wait, null, null);
        }
        VtEnvelope envelope = http.parse(http.expectOk(response), VtEnvelope.class);
        if (envelope == null || envelope.data() == null) {
            throw http.malformed(new IllegalStateException("no data object"));
        }
        return Optional.of(envelope.data());
    }

    private void takeQuotaSlot() throws AdapterException {
        Duration wait = quota.tryAcquire();
        if (!wait.isZero()) {
            throw new AdapterException(PRODUCT, Kind.RATE_LIMITED, "irflow's VirusTotal quota of " + requestsPerMinute
                    + " requests per minute is used up; " + askAgain(wait), 0, wait, null, null);
        }
    }

    private String askAgain(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        return "VirusTotal can be asked again in " + seconds + " s (at "
                + CLOCK_TIME.format(clock.instant().plus(wait)) + ")";
    }

    private String errorCode(HttpResponse<String> response) {
        try {
            VtError error = Json.mapper().readValue(response.getBody() == null ? "" : response.getBody(), VtError.class);
            return error != null && error.error() != null && error.error().code() != null
                    ? error.error().code() : "no error code";
        } catch (JsonProcessingException e) {
            return "no error code";
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
