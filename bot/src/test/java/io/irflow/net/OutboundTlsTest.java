package io.irflow.net;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.irflow.adapters.HttpSettings;
import io.irflow.adapters.investigate.InvestigateEnrichment;
import io.irflow.adapters.investigate.InvestigateConfig;
import io.irflow.capabilities.AdapterException;
import io.irflow.config.AppConfig;
import io.irflow.testing.Fixtures;
import io.irflow.testing.TestProxy;
import io.irflow.testing.TestProxy.Seen;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * {@code http.ca_file} and a product's own {@code ca_file} against a WireMock HTTPS server whose self-signed
 * certificate is generated with keytool at test time (so nothing secret or expiring is checked in).
 */
class OutboundTlsTest {
    private static final String STOREPASS = "changeit";

    @TempDir
    static Path dir;

    private static WireMockServer server;
    private static Path serverPem;
    private static Path otherPem;

    @BeforeAll
    static void start() throws Exception {
        serverPem = certificate("server");
        otherPem = certificate("other");
        server = new WireMockServer(wireMockConfig().dynamicPort().dynamicHttpsPort()
                .keystorePath(dir.resolve("server.p12").toString()).keystoreType("PKCS12")
                .keystorePassword(STOREPASS).keyManagerPassword(STOREPASS));
        server.start();
        server.stubFor(get(urlPathEqualTo("/domains/categories"))
                .willReturn(okJson(Fixtures.text("fixtures/umbrella-investigate/domain-categories-legacy-map.json"))));
    }

    @AfterAll
    static void stop() {
        server.stop();
    }

    /** A PKCS12 key pair for localhost/127.0.0.1 in {@code <name>.p12} and its certificate in {@code <name>.pem}. */
    private static Path certificate(String name) throws IOException, InterruptedException {
        Path store = dir.resolve(name + ".p12");
        Path pem = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keyalg", "RSA", "-keysize", "2048", "-dname", "CN=localhost",
                "-ext", "SAN=dns:localhost,ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", store.toString(), "-storepass", STOREPASS, "-keypass", STOREPASS);
        keytool("-exportcert", "-rfc", "-alias", name, "-keystore", store.toString(), "-storepass", STOREPASS,
                "-file", pem.toString());
        return pem;
    }

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as("keytool %s: %s", args[0], output).isZero();
    }

    private static String httpsBase() {
        return "https://localhost:" + server.httpsPort();
    }

    private static InvestigateEnrichment adapter(HttpSettings http) {
        return new InvestigateEnrichment(new InvestigateConfig(http, "investigate-token"));
    }

    private static HttpSettings viaOutbound(Outbound outbound) {
        return HttpSettings.of(httpsBase()).withOutbound(outbound);
    }

    private static Outbound withCa(String proxy, Path caFile) {
        return Outbound.from(new AppConfig.Http(proxy, List.of(), caFile));
    }

    @Test
    void a_private_ca_is_refused_without_ca_file_and_trusted_with_it() throws Exception {
        try (InvestigateEnrichment direct = adapter(HttpSettings.of(httpsBase()))) {
            assertThatThrownBy(direct::probe).isInstanceOf(AdapterException.class)
                    .extracting(e -> ((AdapterException) e).kind()).isEqualTo(AdapterException.Kind.UNAVAILABLE);
        }
        try (InvestigateEnrichment trusting = adapter(viaOutbound(withCa(null, serverPem)))) {
            trusting.probe();
        }
    }

    @Test
    void the_jdk_client_builder_trusts_ca_file() throws Exception {
        var request = HttpRequest.newBuilder(URI.create(httpsBase() + "/domains/categories")).build();

        assertThatThrownBy(() -> Outbound.direct().httpClient(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
        assertThat(withCa(null, serverPem).httpClient(Duration.ofSeconds(5)).build()
                .send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    @Test
    void a_product_ca_file_is_trusted_alongside_the_global_one() throws Exception {
        HttpSettings productCa = new HttpSettings(httpsBase(), Duration.ofSeconds(5), Duration.ofSeconds(5), serverPem,
                true, withCa(null, otherPem));
        try (InvestigateEnrichment adapter = adapter(productCa)) {
            adapter.probe();
        }
        try (InvestigateEnrichment onlyOther = adapter(viaOutbound(withCa(null, otherPem)))) {
            assertThatThrownBy(onlyOther::probe).isInstanceOf(AdapterException.class);
        }
    }

    @Test
    void the_trust_store_keeps_the_jdk_cas_and_adds_every_file() throws Exception {
        int jdkCas = TrustedCas.trustManager(List.of()).getAcceptedIssuers().length;

        var merged = List.of(TrustedCas.trustManager(java.util.Arrays.asList(serverPem, null, otherPem))
                .getAcceptedIssuers());

        assertThat(jdkCas).isPositive();
        assertThat(merged).hasSize(jdkCas + 2).contains(read(serverPem), read(otherPem));
    }

    @Test
    void https_through_the_proxy_is_a_connect_tunnel_checked_against_ca_file() throws Exception {
        try (TestProxy proxy = TestProxy.start();
             InvestigateEnrichment adapter = adapter(viaOutbound(withCa(proxy.url(), serverPem)))) {
            adapter.probe();

            assertThat(proxy.requests()).extracting(Seen::method, Seen::target)
                    .containsExactly(tuple("CONNECT", "localhost:" + server.httpsPort()));
        }
    }

    @Test
    void https_through_an_authenticating_proxy_sends_the_credentials_on_the_connect_only() throws Exception {
        server.resetRequests();
        try (TestProxy proxy = TestProxy.requiring("alice", "pr0xy-pass");
             InvestigateEnrichment adapter = adapter(viaOutbound(withCa(proxy.url("alice", "pr0xy-pass"), serverPem)))) {
            adapter.probe();

            assertThat(proxy.requests()).extracting(Seen::method, Seen::withCredentials)
                    .containsExactly(tuple("CONNECT", true));
            server.verify(1, getRequestedFor(urlPathEqualTo("/domains/categories"))
                    .withoutHeader("Proxy-Authorization"));
        }
    }

    @Test
    void describe_names_the_ca_file_and_a_file_without_certificates_is_refused() throws Exception {
        assertThat(withCa(null, serverPem).describe()).isEqualTo("direct, ca_file " + serverPem);
        Path notPem = Files.writeString(dir.resolve("not.pem"), "hello");

        assertThatThrownBy(() -> withCa(null, notPem)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(notPem.toString());
    }

    private static X509Certificate read(Path pem) throws Exception {
        try (var in = Files.newInputStream(pem)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
