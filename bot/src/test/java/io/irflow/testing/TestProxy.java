package io.irflow.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A small HTTP proxy on 127.0.0.1 for tests, recording every request it is asked to carry. It forwards absolute-form
 * requests ({@code GET http://host:port/path}) with {@code Connection: close} and tunnels {@code CONNECT host:port}
 * by piping bytes. With credentials it answers {@code 407} with {@code Proxy-Authenticate: Basic realm="x"} until a
 * request carries the right {@code Proxy-Authorization}.
 */
public final class TestProxy implements AutoCloseable {
    /** One request as the proxy got it: method, target (absolute URI or host:port), whether it carried credentials. */
    public record Seen(String method, String target, boolean withCredentials) {
    }

    private final ServerSocket server;
    private final String expectedAuth;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    private TestProxy(String user, String password) throws IOException {
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.expectedAuth = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        daemon("test-proxy-accept", this::acceptLoop);
    }

    /** An open proxy. */
    public static TestProxy start() throws IOException {
        return new TestProxy(null, null);
    }

    /** A proxy that demands Basic credentials. */
    public static TestProxy requiring(String user, String password) throws IOException {
        return new TestProxy(user, password);
    }

    /** {@code http://127.0.0.1:port}. */
    public String url() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    /** {@code http://user:password@127.0.0.1:port}. */
    public String url(String user, String password) {
        return "http://" + user + ":" + password + "@127.0.0.1:" + server.getLocalPort();
    }

    /** Every request so far, in order. */
    public List<Seen> requests() {
        return List.copyOf(seen);
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                open.add(client);
                daemon("test-proxy-conn", () -> handle(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void handle(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            List<String> head = readHead(in);
            if (head.isEmpty()) {
                return;
            }
            String[] line = head.get(0).split(" ");
            String auth = header(head, "proxy-authorization");
            seen.add(new Seen(line[0], line[1], auth != null));
            if (expectedAuth != null && !expectedAuth.equals(auth)) {
                out.write(("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"x\"\r\n"
                        + "Content-Length: 0\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                return;
            }
            if (line[0].equalsIgnoreCase("CONNECT")) {
                String[] hostPort = line[1].split(":");
                try (Socket upstream = connect(hostPort[0], Integer.parseInt(hostPort[1]))) {
                    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    pipe(client, upstream);
                }
            } else {
                URI target = URI.create(line[1]);
                int port = target.getPort() < 0 ? 80 : target.getPort();
                try (Socket upstream = connect(target.getHost(), port)) {
                    byte[] forwarded = originForm(line, target, head).getBytes(StandardCharsets.ISO_8859_1);
                    upstream.getOutputStream().write(forwarded);
                    pipe(client, upstream);
                }
            }
        } catch (IOException e) {
            // a client or upstream went away; nothing to report
        } finally {
            open.remove(client);
        }
    }

    /** The request head as the origin server should see it: origin-form target, no proxy headers, one request only. */
    private static String originForm(String[] line, URI target, List<String> head) {
        String path = target.getRawPath().isEmpty() ? "/" : target.getRawPath();
        StringBuilder sb = new StringBuilder(line[0]).append(' ').append(path);
        if (target.getRawQuery() != null) {
            sb.append('?').append(target.getRawQuery());
        }
        sb.append(' ').append(line[2]).append("\r\n");
        for (String h : head.subList(1, head.size())) {
            String name = h.substring(0, Math.max(h.indexOf(':'), 0)).strip().toLowerCase(Locale.ROOT);
            if (!name.startsWith("proxy-") && !name.equals("connection") && !name.equals("keep-alive")) {
                sb.append(h).append("\r\n");
            }
        }
        return sb.append("Connection: close\r\n\r\n").toString();
    }

    private Socket connect(String host, int port) throws IOException {
        Socket s = new Socket(host, port);
        open.add(s);
        return s;
    }

    /** Copies bytes both ways until the upstream side ends, then closes both. */
    private void pipe(Socket client, Socket upstream) throws IOException {
        daemon("test-proxy-up", () -> copy(client, upstream));
        copy(upstream, client);
        open.remove(upstream);
    }

    private static void copy(Socket from, Socket to) {
        try {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException e) {
            // the other side closed
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    /** Reads header lines up to the blank line, byte by byte so nothing after the head is consumed. */
    private static List<String> readHead(InputStream in) throws IOException {
        List<String> lines = new ArrayList<>();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                if (text.isEmpty()) {
                    return lines;
                }
                lines.add(text);
                line.reset();
            } else {
                line.write(b);
            }
        }
        return List.of();
    }

    private static String header(List<String> head, String name) {
        for (String h : head.subList(1, head.size())) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).strip().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).strip();
            }
        }
        return null;
    }

    private static void daemon(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        t.start();
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
