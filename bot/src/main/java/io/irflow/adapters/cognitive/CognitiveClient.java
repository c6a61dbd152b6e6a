package io.irflow.adapters.cognitive;

import io.irflow.adapters.ProductHttp;
import io.irflow.adapters.cognitive.dto.PollResponse;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.AdapterException.Kind;
import kong.unirest.core.HttpResponse;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Raw TAXII 1.1 calls (XML binding over HTTPS, HTTP Basic) to the Cognitive Intelligence poll service
 * (docs/reference/cognitive.md#request, #response).
 * Thread-safe and stateless.
 */
public final class CognitiveClient implements AutoCloseable {
    static final String PRODUCT = "Cognitive Intelligence";
    /** Responses larger than this are refused (docs/reference/cognitive.md#response: responses can be large). */
    static final int MAX_BODY_CHARS = 32 * 1024 * 1024;
    private static final String MESSAGE = "urn:taxii.mitre.org:message:xml:1.1";

    private final CognitiveConfig config;
    private final ProductHttp http;

    public CognitiveClient(CognitiveConfig config) {
        this.config = Objects.requireNonNull(config, "config");
        this.http = new ProductHttp(PRODUCT, config.http());
    }

    /**
     * POST {pollPath} with a Poll_Request for the configured feed — the first (or only) part of the result.
     *
     * @param exclusiveBegin {@code Exclusive_Begin_Timestamp} (xs:dateTime with offset), or null to omit it
     * @param inclusiveEnd   {@code Inclusive_End_Timestamp}, or null for "up to now"
     */
    public PollResponse poll(String exclusiveBegin, String inclusiveEnd) throws AdapterException {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<t:Poll_Request xmlns:t=\"").append(TaxiiXml.TAXII).append("\" message_id=\"")
                .append(messageId()).append("\" collection_name=\"").append(TaxiiXml.escape(config.feed()))
                .append("\">\n");
        if (exclusiveBegin != null) {
            xml.append("  <t:Exclusive_Begin_Timestamp>").append(TaxiiXml.escape(exclusiveBegin))
                    .append("</t:Exclusive_Begin_Timestamp>\n");
        }
        if (inclusiveEnd != null) {
            xml.append("  <t:Inclusive_End_Timestamp>").append(TaxiiXml.escape(inclusiveEnd))
                    .append("</t:Inclusive_End_Timestamp>\n");
        }
        xml.append("  <t:Poll_Parameters allow_asynch=\"false\">\n    <t:Response_Type>FULL</t:Response_Type>\n")
                .append("  </t:Poll_Parameters>\n</t:Poll_Request>\n");
        return send(xml.toString());
    }

    /** POST {pollPath} with a Poll_Fulfillment — one further part of a multi-part result. */
    public PollResponse fulfill(String resultId, int partNumber) throws AdapterException {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<t:Poll_Fulfillment xmlns:t=\"" + TaxiiXml.TAXII
                + "\" message_id=\"" + messageId() + "\" collection_name=\"" + TaxiiXml.escape(config.feed())
                + "\" result_id=\"" + TaxiiXml.escape(resultId) + "\" result_part_number=\"" + partNumber + "\"/>\n";
        return send(xml);
    }

    private PollResponse send(String xml) throws AdapterException {
        HttpResponse<String> response = http.send(() -> http.client().post(http.url(config.pollPath()))
                .basicAuth(config.username(), config.password())
                .header("Content-Type", "application/xml")
                .header("Accept", "application/xml")
                .header("X-TAXII-Content-Type", MESSAGE)
                .header("X-TAXII-Accept", MESSAGE)
                .header("X-TAXII-Services", "urn:taxii.mitre.org:services:1.1")
                .header("X-TAXII-Protocol", protocol())
                .body(xml)
                .asString());
        String body = http.expectOk(response);
        if (body.length() > MAX_BODY_CHARS) {
            throw new AdapterException(PRODUCT, Kind.MALFORMED, PRODUCT + " sent a response over the size limit");
        }
        Document doc;
        try {
            doc = TaxiiXml.parse(body);
        } catch (SAXException | IOException e) {
            throw http.malformed(e);
        }
        TaxiiXml.Status status = TaxiiXml.status(doc);
        if (status != null) {
            throw statusError(status);
        }
        PollResponse poll = TaxiiXml.pollResponse(doc);
        if (poll == null) {
            throw new AdapterException(PRODUCT, Kind.MALFORMED, PRODUCT + " answered with neither a Poll_Response "
                    + "nor a Status_Message");
        }
        return poll;
    }

    /**
     * Errors arrive as HTTP 200 Status_Messages (docs/reference/cognitive.md#response); the message text is the
     * server's, shown raw.
     */
    private static AdapterException statusError(TaxiiXml.Status status) {
        String type = status.type() == null ? "UNKNOWN" : status.type().trim().toUpperCase(Locale.ROOT);
        Kind kind = switch (type) {
            case "UNAUTHORIZED" -> Kind.UNAUTHORIZED;
            case "BAD_MESSAGE", "INVALID_RESPONSE_PART", "UNSUPPORTED_MESSAGE" -> Kind.BAD_INPUT;
            case "NOT_FOUND" -> Kind.NOT_FOUND;
            default -> Kind.UNAVAILABLE;
        };
        String text = status.message() == null ? "" : ": " + abbreviate(status.message());
        return new AdapterException(PRODUCT, kind, PRODUCT + " answered TAXII status " + type + text);
    }

    /** The TAXII protocol binding that matches the configured scheme (docs/reference/cognitive.md#request). */
    private String protocol() {
        return config.http().base().regionMatches(true, 0, "https:", 0, 6)
                ? "urn:taxii.mitre.org:protocol:https:1.0" : "urn:taxii.mitre.org:protocol:http:1.0";
    }

    private static String messageId() {
        return UUID.randomUUID().toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "…";
    }

    @Override
    public void close() {
        http.close();
    }
}
