package io.irflow.adapters.cognitive;

import io.irflow.adapters.SafeXml;
import io.irflow.adapters.cognitive.dto.PollResponse;
import io.irflow.adapters.cognitive.dto.StixIncident;
import io.irflow.adapters.cognitive.dto.StixIndicator;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * XXE-safe, namespace-aware reading of TAXII 1.1 messages and their STIX 1.x content (matching namespace URI and local
 * name, never prefixes). Any DOCTYPE is rejected, so neither external entities nor entity expansion can happen.
 */
final class TaxiiXml {
    static final String TAXII = "http://taxii.mitre.org/messages/taxii_xml_binding-1.1";
    static final String STIX = "http://stix.mitre.org/stix-1";
    static final String INCIDENT = "http://stix.mitre.org/Incident-1";
    static final String INDICATOR = "http://stix.mitre.org/Indicator-2";
    static final String TTP = "http://stix.mitre.org/TTP-1";
    static final String STIX_COMMON = "http://stix.mitre.org/common-1";
    static final String CYBOX_COMMON = "http://cybox.mitre.org/common-2";
    static final String CYBOX_OBJECTS = "http://cybox.mitre.org/objects#";
    /** The literal multi-value delimiter of generic STIX feeds (docs/reference/cognitive.md#stix-content). */
    static final String MULTI_VALUE = "##comma##";

    /** A TAXII Status_Message: {@code status_type} and its Message text. */
    record Status(String type, String message) {
    }

    private TaxiiXml() {
    }

    /** Parses an XML document with DTDs, external entities and XInclude disabled. */
    static Document parse(String xml) throws SAXException, IOException {
        return SafeXml.parse(xml);
    }

    /** The Status_Message in the document, or null when it is something else. */
    static Status status(Document doc) {
        Element root = doc.getDocumentElement();
        if (!is(root, TAXII, "Status_Message")) {
            return null;
        }
        Element message = child(root, TAXII, "Message");
        return new Status(attr(root, "status_type"), message == null ? null : text(message));
    }

    /** Reads a Poll_Response; null when the root is not one. */
    static PollResponse pollResponse(Document doc) {
        Element root = doc.getDocumentElement();
        if (!is(root, TAXII, "Poll_Response")) {
            return null;
        }
        Element end = child(root, TAXII, "Inclusive_End_Timestamp");
        List<StixIncident> incidents = new ArrayList<>();
        List<StixIndicator> indicators = new ArrayList<>();
        List<Element> blocks = children(root, TAXII, "Content_Block");
        for (Element block : blocks) {
            Element content = child(block, TAXII, "Content");
            for (Element pkg : content == null ? List.<Element>of() : children(content, STIX, "STIX_Package")) {
                String ts = attr(pkg, "timestamp");
                Element incs = child(pkg, STIX, "Incidents");
                for (Element inc : incs == null ? List.<Element>of() : children(incs, STIX, "Incident")) {
                    incidents.add(incident(inc, ts));
                }
                Element inds = child(pkg, STIX, "Indicators");
                for (Element ind : inds == null ? List.<Element>of() : children(inds, STIX, "Indicator")) {
                    indicators.add(indicator(ind, ts));
                }
            }
        }
        Integer part = null;
        try {
            String p = attr(root, "result_part_number");
            part = p == null ? null : Integer.valueOf(p.trim());
        } catch (NumberFormatException ignored) {
            // an unreadable part number is treated as absent
        }
        return new PollResponse("true".equalsIgnoreCase(trim(attr(root, "more"))), attr(root, "result_id"), part,
                end == null ? null : text(end), blocks.size(), incidents, indicators);
    }

    private static StixIncident incident(Element inc, String packageTimestamp) {
        String risk = null;
        String category = null;
        for (Element effect : children(inc, INCIDENT, "Intended_Effect")) {
            String value = childText(effect, STIX_COMMON, "Value");
            String description = childText(effect, STIX_COMMON, "Description");
            if ("Risk".equalsIgnoreCase(description)) {
                risk = value;
            } else if ("Risk category".equalsIgnoreCase(description)) {
                category = value;
            }
        }
        Element victim = child(inc, INCIDENT, "Victim");
        Element confidence = child(inc, INCIDENT, "Confidence");
        List<StixIndicator> indicators = new ArrayList<>();
        Element related = child(inc, INCIDENT, "Related_Indicators");
        for (Element r : related == null ? List.<Element>of() : children(related, INCIDENT, "Related_Indicator")) {
            for (Element ind : children(r, STIX_COMMON, "Indicator")) {
                indicators.add(indicator(ind, packageTimestamp));
            }
        }
        return new StixIncident(attr(inc, "id"), attr(inc, "URL"), childText(inc, INCIDENT, "Title"),
                victim == null ? null : childText(victim, STIX_COMMON, "Name"), risk, category,
                confidence == null ? null : childText(confidence, STIX_COMMON, "Value"), packageTimestamp, indicators);
    }

    private static StixIndicator indicator(Element ind, String packageTimestamp) {
        List<StixIndicator.Property> props = new ArrayList<>();
        for (Element p : descendants(ind, CYBOX_COMMON, "Property")) {
            props.add(new StixIndicator.Property(attr(p, "name"), text(p)));
        }
        List<String> values = new ArrayList<>();
        for (Element v : descendants(ind, null, "Value")) {
            if (v.getNamespaceURI() != null && v.getNamespaceURI().startsWith(CYBOX_OBJECTS) && text(v) != null) {
                Arrays.stream(text(v).split(MULTI_VALUE, -1)).map(String::trim).filter(s -> !s.isEmpty())
                        .forEach(values::add);
            }
        }
        List<Element> ttpTitles = descendants(ind, TTP, "Title");
        String title = !ttpTitles.isEmpty() ? text(ttpTitles.get(0)) : childText(ind, INDICATOR, "Type");
        if (title == null) {
            title = childText(ind, INDICATOR, "Title");
        }
        return new StixIndicator(attr(ind, "id"), title, childText(ind, INDICATOR, "Description"), packageTimestamp,
                props, values);
    }

    private static boolean is(Element e, String ns, String local) {
        return e != null && ns.equals(e.getNamespaceURI()) && local.equals(e.getLocalName());
    }

    private static List<Element> children(Element parent, String ns, String local) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && is(e, ns, local)) {
                out.add(e);
            }
        }
        return out;
    }

    private static Element child(Element parent, String ns, String local) {
        List<Element> c = children(parent, ns, local);
        return c.isEmpty() ? null : c.get(0);
    }

    private static String childText(Element parent, String ns, String local) {
        Element c = child(parent, ns, local);
        return c == null ? null : text(c);
    }

    /** Descendants by local name, in any namespace when {@code ns} is null. */
    private static List<Element> descendants(Element root, String ns, String local) {
        List<Element> out = new ArrayList<>();
        var list = root.getElementsByTagNameNS(ns == null ? "*" : ns, local);
        for (int i = 0; i < list.getLength(); i++) {
            out.add((Element) list.item(i));
        }
        return out;
    }

    private static String text(Element e) {
        String t = e.getTextContent();
        return t == null || t.isBlank() ? null : t.trim();
    }

    private static String attr(Element e, String name) {
        return e.hasAttribute(name) ? e.getAttribute(name) : null;
    }

    private static String trim(String s) {
        return s == null ? null : s.trim();
    }

    /** Escapes text for an XML attribute or element. */
    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;")
                .replace("'", "&apos;");
    }
}
