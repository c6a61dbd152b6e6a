package io.irflow.net;

import io.irflow.config.AppConfig;
import io.irflow.config.NoProxy;
import kong.unirest.core.UnirestInstance;

import javax.net.ssl.SSLContext;
import java.io.IOException;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * How irflow reaches the outside world: the corporate proxy (with {@code no_proxy} exceptions and optional Basic
 * credentials) and extra trusted CAs, applied to every outbound client (Webex REST and socket, all products).
 * The JDK HTTP client tunnels HTTPS and websockets (ws:// too) through the proxy with CONNECT and sends plain
 * http:// requests to it in absolute form. A proxy URL without a port means port 80.
 */
public final class Outbound {
    static {
        allowBasicProxyAuth();
    }

    private static final Outbound DIRECT = new Outbound(new AppConfig.Http(null, List.of(), null));

    private final NoProxy noProxy;
    private final Path caFile;
    private final SSLContext sslContext;
    private final String proxyShown;
    private final ProxySelector selector;
    private final Authenticator authenticator;
    private final String proxyAuthorization;

    private Outbound(AppConfig.Http http) {
        this.noProxy = new NoProxy(http.noProxy() == null ? List.of() : http.noProxy());
        this.caFile = http.caFile();
        this.sslContext = caFile == null ? null : TrustedCas.trusting(List.of(caFile));
        if (http.proxy() == null || http.proxy().isBlank()) {
            this.proxyShown = null;
            this.selector = null;
            this.authenticator = null;
            this.proxyAuthorization = null;
            return;
        }
        URI uri = parse(http.proxy().strip());
        String host = uri.getHost();
        InetSocketAddress address = InetSocketAddress.createUnresolved(host, uri.getPort() < 0 ? 80 : uri.getPort());
        this.selector = new Selector(new Proxy(Proxy.Type.HTTP, address), noProxy);
        String userInfo = uri.getUserInfo();
        if (userInfo == null || userInfo.isEmpty()) {
            this.authenticator = null;
            this.proxyAuthorization = null;
            this.proxyShown = "http://" + host + ":" + address.getPort();
        } else {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? userInfo : userInfo.substring(0, colon);
            char[] password = colon < 0 ? new char[0] : userInfo.substring(colon + 1).toCharArray();
            this.authenticator = new ProxyCredentials(host, user, password);
            this.proxyAuthorization = "Basic " + Base64.getEncoder()
                    .encodeToString((user + ":" + new String(password)).getBytes(StandardCharsets.UTF_8));
            this.proxyShown = "http://" + user + ":***@" + host + ":" + address.getPort();
        }
    }

    /**
     * The configured outbound path.
     *
     * @throws IllegalArgumentException for a proxy URL that is not http://host[:port], a bad no_proxy CIDR range or an
     *                                  unreadable ca_file
     */
    public static Outbound from(AppConfig.Http http) {
        return new Outbound(http);
    }

    /** No proxy, the JDK's trusted CAs. */
    public static Outbound direct() {
        return DIRECT;
    }

    /**
     * Lets the JDK HTTP client answer a proxy's Basic challenge, which it refuses by default for CONNECT tunnels
     * (HTTPS, websockets). The JDK reads these properties once, when its HTTP client first loads, so this must run
     * before any client exists ({@code Main} and this class's initialiser call it). A value set on the command line
     * ({@code -Djdk.http.auth.tunneling.disabledSchemes=Basic}) is kept.
     */
    public static void allowBasicProxyAuth() {
        for (String key : List.of("jdk.http.auth.tunneling.disabledSchemes",
                "jdk.http.auth.proxying.disabledSchemes")) {
            if (System.getProperty(key) == null) {
                System.setProperty(key, "");
            }
        }
    }

    /**
     * A JDK HTTP client builder (HTTP/1.1) with the proxy, proxy credentials and trust applied; the credentials answer
     * the proxy's 407, also on a CONNECT (HTTPS, websocket upgrades). Caveat of the JDK: with proxy credentials set,
     * a server's own 401 surfaces as an IOException instead of a response; where a 401 must be told apart, use a
     * Unirest instance with {@link #applyTo}.
     */
    public HttpClient.Builder httpClient(Duration connectTimeout) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout);
        if (selector != null) {
            b.proxy(selector);
        }
        if (authenticator != null) {
            b.authenticator(authenticator);
        }
        if (sslContext != null) {
            b.sslContext(sslContext);
        }
        return b;
    }

    /**
     * Applies the proxy, proxy credentials and trust to a Unirest instance before its first request. The credentials
     * go out pre-emptively as a {@code Proxy-Authorization} header rather than through an Authenticator, because an
     * Authenticator makes the JDK client turn every server 401 into an IOException, and irflow maps 401s to "the
     * credentials were refused". The JDK sends that header only to the proxy (plain requests and CONNECT), never to a
     * server, tunnelled or reached directly through {@code no_proxy}.
     */
    public void applyTo(UnirestInstance unirest) {
        if (selector != null) {
            unirest.config().proxy(selector);
        }
        if (proxyAuthorization != null) {
            unirest.config().setDefaultHeader("Proxy-Authorization", proxyAuthorization);
        }
        if (sslContext != null) {
            unirest.config().sslContext(sslContext);
        }
    }

    /**
     * TLS trust for a product with its own CA bundle (ISE, CMX): the JDK defaults, {@code http.ca_file} and
     * {@code extraCa}. With no extra file, the same trust as every other client.
     */
    public SSLContext sslContext(Path extraCa) {
        if (extraCa != null) {
            return TrustedCas.trusting(Arrays.asList(caFile, extraCa));
        }
        if (sslContext != null) {
            return sslContext;
        }
        try {
            return SSLContext.getDefault();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no default TLS context", e);
        }
    }

    /** True when a call to this host goes through the proxy. */
    public boolean proxies(String host) {
        return selector != null && !noProxy.matches(host);
    }

    /** One line for logs, {@code check-config} and {@code /status}; credentials redacted. */
    public String describe() {
        String ca = caFile == null ? "" : " ca_file " + caFile;
        if (proxyShown == null) {
            return "direct" + (ca.isEmpty() ? "" : "," + ca);
        }
        List<String> entries = noProxy.entries();
        return "proxy " + proxyShown + (entries.isEmpty() ? "" : " (no_proxy: " + entries + ")") + ca;
    }

    @Override
    public String toString() {
        return describe();
    }

    private static URI parse(String proxy) {
        try {
            URI uri = new URI(proxy);
            if ("http".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // reported below without the URL, which may hold a password
        }
        throw new IllegalArgumentException("http.proxy must be an http:// URL with a host, e.g. http://proxy:3128");
    }

    /** The proxy for every host not in no_proxy. */
    private static final class Selector extends ProxySelector {
        private final List<Proxy> viaProxy;
        private final NoProxy noProxy;

        Selector(Proxy proxy, NoProxy noProxy) {
            this.viaProxy = List.of(proxy);
            this.noProxy = noProxy;
        }

        @Override
        public List<Proxy> select(URI uri) {
            return noProxy.matches(uri.getHost()) ? List.of(Proxy.NO_PROXY) : viaProxy;
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            // one proxy, nothing to fail over to; the caller reports the error
        }
    }

    /** Answers the proxy's challenge only, never a server's (a server must not learn the proxy password). */
    private static final class ProxyCredentials extends Authenticator {
        private final String proxyHost;
        private final String user;
        private final char[] password;

        ProxyCredentials(String proxyHost, String user, char[] password) {
            this.proxyHost = proxyHost;
            this.user = user;
            this.password = password;
        }

        @Override
        protected PasswordAuthentication getPasswordAuthentication() {
            if (getRequestorType() != RequestorType.PROXY) {
                return null;
            }
            String host = getRequestingHost();
            if (host != null && !host.equalsIgnoreCase(proxyHost)) {
                return null;
            }
            return new PasswordAuthentication(user, password.clone());
        }
    }
}
