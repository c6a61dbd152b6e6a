package io.irflow.sandbox.sim;

import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.cognitive.CognitiveAlertSource;
import io.irflow.adapters.cognitive.CognitiveConfig;
import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.AlertSource.Batch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class CognitiveSimulatorTest {
    SimServer s;
    CognitiveAlertSource source;

    @BeforeEach
    void start() {
        s = new SimServer();
        source = source(s.creds.cognitivePassword());
    }

    @AfterEach
    void stop() {
        source.close();
        s.close();
    }

    private CognitiveAlertSource source(String password) {
        return new CognitiveAlertSource(new CognitiveConfig(HttpSettings.of(s.base("cognitive")), null, "acme-feed",
                s.creds.cognitiveUser(), password), s.clock, Duration.ofHours(1), 10);
    }

    @Test
    void the_incident_for_the_infected_host_appears_after_start_and_only_once() throws Exception {
        Batch before = source.poll(null);
        assertThat(before.alerts()).isEmpty();

        s.clock.advance(CognitiveSimulator.FIRST_ALERT.plusSeconds(5));
        Batch batch = source.poll(before.nextCursor());
        assertThat(batch.alerts()).hasSize(2).allSatisfy(a -> {
            assertThat(a.source()).isEqualTo("Cognitive Intelligence");
            assertThat(a.host().ip()).isEqualTo(s.company.infected().ip());
            assertThat(a.threat()).contains(s.company.threat().c2Domain());
            assertThat(a.severity()).isEqualTo("High");
            assertThat(a.link()).startsWith(s.base("cognitive"));
        });
        assertThat(batch.alerts()).extracting(Alert::sha256).contains(s.company.threat().sha256());
        assertThat(batch.alerts()).extracting(Alert::at).isSorted();

        s.clock.advance(Duration.ofMinutes(1));
        Batch after = source.poll(batch.nextCursor());
        assertThat(after.alerts()).isEmpty();
        assertThat(after.nextCursor()).isNotEqualTo(batch.nextCursor());
    }

    @Test
    void wrong_credentials_are_unauthorized() {
        try (CognitiveAlertSource bad = source("wrong")) {
            AdapterException e = catchThrowableOfType(AdapterException.class, () -> bad.poll(null));
            assertThat(e.kind()).isEqualTo(AdapterException.Kind.UNAUTHORIZED);
        }
    }

    @Test
    void a_non_taxii_body_gets_a_bad_message_status() {
        HttpResponse<String> r = s.send("POST", s.base("cognitive") + "/PollService/", "{}", "Authorization",
                SimServer.basic(s.creds.cognitiveUser(), s.creds.cognitivePassword()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("Status_Message").contains("BAD_MESSAGE");
    }

    @Test
    void the_poll_response_uses_the_reference_samples_elements_and_property_names() throws Exception {
        s.clock.advance(CognitiveSimulator.FIRST_ALERT.plusSeconds(5));
        String request = "<t:Poll_Request xmlns:t=\"" + CognitiveSimulator.TAXII + "\" message_id=\"1\" "
                + "collection_name=\"acme-feed\"><t:Exclusive_Begin_Timestamp>2000-01-01T00:00:00.000+00:00"
                + "</t:Exclusive_Begin_Timestamp><t:Poll_Parameters allow_asynch=\"false\"><t:Response_Type>FULL"
                + "</t:Response_Type></t:Poll_Parameters></t:Poll_Request>";
        HttpResponse<String> r = s.send("POST", s.base("cognitive") + "/PollService/", request, "Authorization",
                SimServer.basic(s.creds.cognitiveUser(), s.creds.cognitivePassword()),
                "Content-Type", "application/xml");
        assertThat(r.statusCode()).isEqualTo(200);
        Element sim = parse(r.body());
        Element ref = parse(fixture("poll-response-cta-incident-part-initial.xml"));
        assertThat(elementNames(sim)).isEqualTo(elementNames(ref));
        assertThat(propertyNames(ref)).containsAll(propertyNames(sim));
        assertThat(sim.getAttribute("in_response_to")).isEqualTo("1");
        assertThat(sim.getAttribute("collection_name")).isEqualTo("acme-feed");
    }

    private static String fixture(String name) throws Exception {
        try (InputStream in = CognitiveSimulatorTest.class.getResourceAsStream("/fixtures/cognitive/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static Element parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
    }

    /** Every element as {namespace}localName. */
    private static Set<String> elementNames(Element root) {
        Set<String> out = new TreeSet<>();
        NodeList all = root.getElementsByTagNameNS("*", "*");
        out.add("{" + root.getNamespaceURI() + "}" + root.getLocalName());
        for (int i = 0; i < all.getLength(); i++) {
            out.add("{" + all.item(i).getNamespaceURI() + "}" + all.item(i).getLocalName());
        }
        return out;
    }

    private static Set<String> propertyNames(Element root) {
        Set<String> out = new TreeSet<>();
        NodeList props = root.getElementsByTagNameNS("http://cybox.mitre.org/common-2", "Property");
        for (int i = 0; i < props.getLength(); i++) {
            out.add(((Element) props.item(i)).getAttribute("name"));
        }
        return out;
    }
}
