package io.irflow.sandbox.sim;

import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.UUID;

/**
 * Cognitive Intelligence's TAXII 1.1 poll service (Basic auth, XML binding): answers Poll_Requests with a CTA STIX
 * incident for the infected host talking to the C2 domain, dated a few seconds after construction, inside the
 * requested (begin, now] window; errors come back as HTTP 200 Status_Messages as the real service sends them.
 */
public final class CognitiveSimulator {
    /** How long after start the infected host's incident is observed. */
    public static final Duration FIRST_ALERT = Duration.ofSeconds(6);
    static final String PREFIX = "/sim/cognitive";
    static final String TAXII = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";
    private static final DateTimeFormatter XS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);
    private static final String CUSTOMER = "7e1d2c3b-4a5f-4e6d-8c7b-acme00000003";

    private final Company company;
    private final DemoCredentials creds;
    private final Clock clock;
    private final Instant incidentAt;

    /** Dates the incident relative to the clock's current instant. */
    public CognitiveSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.clock = clock;
        this.incidentAt = clock.instant().plus(FIRST_ALERT);
    }

    /** Registers the poll service under {@code /sim/cognitive/PollService}. */
    public void register(JavalinConfig config) {
        config.routes.post(PREFIX + "/PollService", this::poll);
        config.routes.post(PREFIX + "/PollService/", this::poll);
    }

    private void poll(Context ctx) {
        ctx.header("X-TAXII-Content-Type", "urn:taxii.mitre.org:message:xml:1.1");
        if (!Sim.basicOk(ctx, creds.cognitiveUser(), creds.cognitivePassword())) {
            ctx.header("WWW-Authenticate", "Basic realm=\"TAXII\"");
            Sim.text(ctx, 401, "Unauthorized", "text/plain");
            return;
        }
        Element request = parse(ctx.body());
        if (request == null || !TAXII.equals(request.getNamespaceURI())) {
            status(ctx, "BAD_MESSAGE", null, "The request is not a TAXII 1.1 XML message.");
            return;
        }
        String messageId = request.getAttribute("message_id");
        if (!"Poll_Request".equals(request.getLocalName())) {
            status(ctx, "FAILURE", messageId, "Only Poll_Request is supported; no multi-part result is pending.");
            return;
        }
        Instant begin = null;
        String beginText = text(request, "Exclusive_Begin_Timestamp");
        try {
            begin = beginText == null ? null : OffsetDateTime.parse(beginText).toInstant();
        } catch (DateTimeParseException e) {
            status(ctx, "BAD_MESSAGE", messageId, "Exclusive_Begin_Timestamp is not an xs:dateTime.");
            return;
        }
        Instant now = clock.instant();
        boolean incident = !incidentAt.isAfter(now) && (begin == null || incidentAt.isAfter(begin));
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
                .append("<Poll_Response xmlns=\"").append(TAXII).append("\"\n")
                .append("    xmlns:c=\"http://cybox.mitre.org/cybox-2\" xmlns:cc=\"http://cybox.mitre.org/common-2\"\n")
                .append("    xmlns:co=\"http://cybox.mitre.org/objects#CustomObject-1\"\n")
                .append("    xmlns:sc=\"http://stix.mitre.org/common-1\" xmlns:ind=\"http://stix.mitre.org/Indicator-2\"\n")
                .append("    xmlns:ttp=\"http://stix.mitre.org/TTP-1\" xmlns:inc=\"http://stix.mitre.org/Incident-1\"\n")
                .append("    xmlns:s=\"http://stix.mitre.org/stix-1\"\n")
                .append("    xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" xmlns:cta=\"http://cisco.com/td/cta\"\n")
                .append("    collection_name=\"").append(esc(request.getAttribute("collection_name")))
                .append("\" in_response_to=\"").append(esc(messageId)).append("\" message_id=\"")
                .append(UUID.randomUUID()).append("\">\n");
        if (begin != null) {
            x.append("  <Exclusive_Begin_Timestamp>").append(XS.format(begin)).append("</Exclusive_Begin_Timestamp>\n");
        }
        x.append("  <Inclusive_End_Timestamp>").append(XS.format(now)).append("</Inclusive_End_Timestamp>\n");
        if (incident) {
            x.append(contentBlock(ctx));
        }
        x.append("</Poll_Response>\n");
        Sim.text(ctx, 200, x.toString(), "application/xml");
    }

    private String contentBlock(Context ctx) {
        Company.Host h = company.infected();
        Company.Threat t = company.threat();
        String id = "cta:incident-" + UUID.nameUUIDFromBytes((h.hostname() + t.c2Domain()).getBytes());
        long ms = incidentAt.toEpochMilli();
        String download = indicator("cta:indicator-" + Sim.hex("MD5", "download" + id).substring(0, 16),
                "Malware download", ms, t.url(), t.c2Ip(), h, "200", "application/pdf", "application/x-dosexec",
                "<cc:Property name=\"scFileName\">" + esc(t.fileName()) + "</cc:Property>\n"
                        + "<cc:Property name=\"scSHA256\">" + t.sha256().toUpperCase(Locale.ROOT) + "</cc:Property>\n"
                        + "<cc:Property name=\"scMD5\">" + t.md5().toUpperCase(Locale.ROOT) + "</cc:Property>\n");
        String beacon = indicator("cta:indicator-" + Sim.hex("MD5", "beacon" + id).substring(0, 16),
                "Command and control beaconing", ms + 2_000, "http://" + t.c2Domain() + "/gate.php", t.c2Ip(), h,
                "200", "text/html", "text/plain", "");
        return "  <Content_Block>\n    <Content_Binding binding_id=\"STIX_XML_1.1\" />\n    <Content>\n"
                + "<s:STIX_Package id=\"cta:package-" + CUSTOMER + "-" + UUID.nameUUIDFromBytes(id.getBytes())
                + "\" timestamp=\"" + XS.format(incidentAt) + "\" version=\"1.1.1\">\n"
                + "<s:STIX_Header><s:Package_Intent>Incident</s:Package_Intent><s:Information_Source>"
                + "<sc:Identity id=\"cta:customer-" + CUSTOMER + "\" /><sc:Tools>"
                + "<cc:Tool id=\"cta:tool-cta\"><cc:Name>Cognitive Threat Analytics</cc:Name><cc:Vendor>Cisco</cc:Vendor></cc:Tool>"
                + "<cc:Tool id=\"cta:tool-amp\"><cc:Name>Advanced Malware Protection</cc:Name><cc:Vendor>Cisco</cc:Vendor></cc:Tool>"
                + "</sc:Tools></s:Information_Source></s:STIX_Header>\n<s:Incidents>\n"
                + "<s:Incident xsi:type=\"inc:IncidentType\" id=\"" + id + "\" URL=\"" + esc(Sim.origin(ctx) + PREFIX
                + "/portal/incidents/" + id) + "\">\n"
                + "<inc:Title>Malware command and control</inc:Title>\n"
                + "<inc:Victim><sc:Name>" + esc(h.hostname()) + "</sc:Name></inc:Victim>\n"
                + "<inc:Impact_Assessment><inc:Impact_Qualification>Painful</inc:Impact_Qualification></inc:Impact_Assessment>\n"
                + "<inc:Related_Indicators>\n" + download + beacon + "</inc:Related_Indicators>\n"
                + "<inc:Discovery_Method>Log Review</inc:Discovery_Method>\n"
                + "<inc:Intended_Effect><sc:Value>92</sc:Value><sc:Description>Risk</sc:Description></inc:Intended_Effect>\n"
                + "<inc:Intended_Effect><sc:Value>High</sc:Value><sc:Description>Risk category</sc:Description></inc:Intended_Effect>\n"
                + "<inc:Confidence><sc:Value>High</sc:Value></inc:Confidence>\n"
                + "<inc:Information_Source><sc:Tools><cc:Tool idref=\"cta:tool-cta\" /></sc:Tools></inc:Information_Source>\n"
                + "</s:Incident>\n</s:Incidents>\n</s:STIX_Package>\n    </Content>\n  </Content_Block>\n";
    }

    private static String indicator(String id, String activity, long ms, String url, String serverIp,
                                     Company.Host h, String httpStatus, String contentType, String magic,
                                     String extra) {
        return "<inc:Related_Indicator><sc:Indicator xsi:type=\"ind:IndicatorType\" id=\"" + id + "\">\n"
                + "<ind:Observable><c:Observable_Composition operator=\"AND\"><c:Observable><c:Object>"
                + "<c:Properties xsi:type=\"co:CustomObjectType\"><cc:Custom_Properties>\n"
                + prop("timestamp", Long.toString(ms)) + prop("xElapsedTime", "312")
                + prop("scHttpStatus", httpStatus) + prop("scResultCode", "OK") + prop("scContentType", contentType)
                + prop("xMagicContentType", magic) + prop("csUserAgent", "Mozilla/5.0 (Windows NT 10.0; Win64; x64)")
                + prop("csContentBytes", "412") + prop("scContentBytes", "184320") + prop("csUrl", url)
                + prop("sIP", serverIp) + prop("sPort", "80") + prop("cIP", h.ip()) + prop("cPort", "49812")
                + prop("cUsername", h.user()) + prop("sReputation", "-9") + prop("sCategory", "malware sites") + extra
                + "</cc:Custom_Properties></c:Properties></c:Object></c:Observable></c:Observable_Composition>"
                + "</ind:Observable>\n<ind:Indicated_TTP><sc:TTP xsi:type=\"ttp:TTPType\"><ttp:Title>" + esc(activity)
                + "</ttp:Title></sc:TTP></ind:Indicated_TTP>\n</sc:Indicator></inc:Related_Indicator>\n";
    }

    private static String prop(String name, String value) {
        return "<cc:Property name=\"" + name + "\">" + esc(value) + "</cc:Property>\n";
    }

    private void status(Context ctx, String type, String inResponseTo, String message) {
        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<t:Status_Message xmlns:t=\""
                + TAXII + "\" status_type=\"" + type + "\" in_response_to=\"" + esc(inResponseTo == null ? "0"
                : inResponseTo) + "\" message_id=\"" + UUID.randomUUID() + "\">\n    <t:Message>" + esc(message)
                + "</t:Message>\n</t:Status_Message>\n";
        Sim.text(ctx, 200, xml, "application/xml");
    }

    /** The request's root element, parsed with DTDs refused; null when it is not XML. */
    private static Element parse(String body) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            var builder = f.newDocumentBuilder();
            builder.setErrorHandler(new org.xml.sax.helpers.DefaultHandler());
            Document doc = builder.parse(new InputSource(new StringReader(body == null ? "" : body)));
            return doc.getDocumentElement();
        } catch (Exception e) {
            return null;
        }
    }

    private static String text(Element root, String local) {
        NodeList l = root.getElementsByTagNameNS(TAXII, local);
        return l.getLength() == 0 ? null : l.item(0).getTextContent().trim();
    }

    private static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
