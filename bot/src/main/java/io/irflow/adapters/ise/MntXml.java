package io.irflow.adapters.ise;

import io.irflow.adapters.SafeXml;
import io.irflow.adapters.ise.dto.MntSession;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads MnT XML answers with the JDK DOM parser, XXE-safe: DOCTYPEs are refused outright, so no external entity or DTD
 * is ever fetched or expanded. Elements are matched by local name, tolerating absence and padded text.
 */
final class MntXml {
    private MntXml() {
    }

    /** Parses a {@code <sessionParameters>} document; the session is empty when ISE sent no fields. */
    static MntSession session(String xml) throws IOException, SAXException {
        Element root = parse(xml).getDocumentElement();
        Map<String, String> fields = new HashMap<>();
        List<String> ipv6 = new ArrayList<>();
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                String name = localName(e);
                if (name.equals("framed_ipv6_address")) {
                    ipv6.addAll(childTexts(e, "ipv6_address"));
                } else {
                    fields.putIfAbsent(name, text(e));
                }
            }
        }
        return new MntSession(fields.get("user_name"), fields.get("calling_station_id"),
                fields.get("framed_ip_address"), ipv6, fields.get("nas_ip_address"), fields.get("nas_port_id"),
                fields.get("network_device_name"), firstNonNull(fields.get("acs_server"), fields.get("server")),
                bool(fields.get("passed")), bool(fields.get("failed")), fields.get("failure_reason"),
                fields.get("authentication_method"), fields.get("selected_azn_profiles"),
                fields.get("identity_group"), fields.get("endpoint_policy"), fields.get("posture_status"),
                fields.get("audit_session_id"), fields.get("auth_acs_timestamp"));
    }

    /** Parses {@code <sessionCount><count>N</count></sessionCount>}; -1 when the count is missing or not a number. */
    static long count(String xml) throws IOException, SAXException {
        List<String> counts = childTexts(parse(xml).getDocumentElement(), "count");
        try {
            return counts.isEmpty() ? -1 : Long.parseLong(counts.get(0));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Document parse(String xml) throws IOException, SAXException {
        return SafeXml.parse(xml);
    }

    private static List<String> childTexts(Element parent, String name) {
        List<String> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName(e).equals(name)) {
                String t = text(e);
                if (t != null) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static String localName(Element e) {
        return e.getLocalName() != null ? e.getLocalName() : e.getTagName();
    }

    private static String text(Element e) {
        String t = e.getTextContent();
        return t == null || t.isBlank() ? null : t.trim();
    }

    private static Boolean bool(String s) {
        return s == null ? null : Boolean.valueOf(s.equalsIgnoreCase("true"));
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
