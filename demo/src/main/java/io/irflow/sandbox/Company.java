package io.irflow.sandbox;

import java.util.List;
import java.util.Optional;

/**
 * The demo's small fictional company, Acme Widgets: its people, hosts and one infection. Every simulator draws its
 * data from here, so AMP, ISE, CMX and the intelligence products tell one consistent story. All addresses are
 * documentation ranges (RFC 5737, RFC 3849) and names are under {@code example} domains.
 *
 * @param name      company name
 * @param analysts  the security team (Webex people): all are analysts, all but Carol are responders
 * @param hosts     the endpoints
 * @param threat    the one known-bad file and its command-and-control infrastructure
 */
public record Company(String name, List<Analyst> analysts, List<Host> hosts, Threat threat) {

    /** A member of the security team, who chats with the bot in the demo. */
    public record Analyst(String uuid, String email, String displayName) {
    }

    /**
     * An endpoint.
     *
     * @param hostname      short host name
     * @param user          the logged-in user (AD account)
     * @param ip            internal IPv4
     * @param mac           MAC, lower-case colon form
     * @param os            operating system
     * @param connectorGuid AMP connector guid
     * @param building      building (CMX locates workstations only: servers are wired)
     * @param floor         floor
     * @param x             x on the floor map (feet)
     * @param y             y on the floor map (feet)
     * @param server        a server: wired (no ISE session, not on CMX), never isolated or auto-quarantined
     * @param infected      runs the known-bad file
     */
    public record Host(String hostname, String user, String ip, String mac, String os, String connectorGuid,
                       String building, String floor, double x, double y, boolean server, boolean infected) {
    }

    /**
     * The infection: a dropper that calls home.
     *
     * @param sha256    the file's hash
     * @param sha1      its SHA-1
     * @param md5       its MD5
     * @param fileName  the file name on disk
     * @param c2Domain  the command-and-control domain
     * @param c2Ip      the C2 server's address
     * @param url       where the file was downloaded from
     * @param threatName the detection name
     */
    public record Threat(String sha256, String sha1, String md5, String fileName, String c2Domain, String c2Ip,
                         String url, String threatName) {
    }

    /** The campus name used in CMX hierarchies. */
    public static final String CAMPUS = "Acme HQ";

    /** The demo company. */
    public static Company acme() {
        return new Company("Acme Widgets",
                List.of(new Analyst("6f1c2a9e-3b7d-4c1e-9a51-2d8f0e4b7a10", "alice@acme.example", "Alice Analyst"),
                        new Analyst("0d9e8f7a-6b5c-4d3e-8f2a-1b0c9d8e7f6a", "bob@acme.example", "Bob Responder"),
                        new Analyst("9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d", "carol@acme.example", "Carol Intern")),
                List.of(new Host("WKS-FIN-042", "jdoe", "10.10.20.42", "00:50:56:a1:b2:42", "Windows 10",
                                "5b1f9d3e-7c2a-4e8b-9f1d-3a6c8e2b4d42", "Building 1", "Floor 3", 112.5, 48.0, false, true),
                        new Host("WKS-HR-007", "msmith", "10.10.30.7", "00:50:56:a1:b2:07", "Windows 11",
                                "8e2d4c6a-1b3f-4a5e-8c7d-9f0e1a2b3c07", "Building 1", "Floor 2", 30.0, 75.5, false, false),
                        new Host("MAC-ENG-113", "lchen", "10.10.40.113", "a4:83:e7:12:34:56", "macOS 14",
                                "2c4e6a8b-0d1f-4e3a-9b5c-7d9f1a3c5e13", "Building 2", "Floor 1", 200.0, 20.0, false, false),
                        new Host("SRV-DC-01", "SYSTEM", "10.10.0.10", "00:50:56:a1:00:10", "Windows Server 2022",
                                "4a6c8e0f-2b4d-4f6a-8c0e-2d4f6a8c0e10", "Building 1", "Basement", 10.0, 10.0, true, false),
                        // Two web servers that share the short name web01, so "/investigate web01" asks which one.
                        new Host("web01.corp.example.com", "www-data", "10.10.0.21", "00:50:56:a1:00:21", "Ubuntu 22.04",
                                "7d3b9f15-6e2a-4c8d-b1f7-0a5e3c9d2b21", "Building 1", "Basement", 14.0, 10.0, true, false),
                        new Host("web01.dmz.example.com", "www-data", "10.20.0.21", "00:50:56:a1:20:21", "Ubuntu 22.04",
                                "e1a7c3d5-9b2f-4e6a-8d0c-5f3b1a7e9c21", "Building 1", "Basement", 18.0, 10.0, true, false)),
                new Threat("275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f",
                        "3395856ce81f2b7382dee72602f798b642f14140", "44d88612fea8a8f36de82e1278abb02f", "invoice_2026-11.pdf.exe",
                        "update-cdn.badguys.example", "203.0.113.66", "http://update-cdn.badguys.example/dl/invoice_2026-11.pdf.exe",
                        "W32.Trojan.Kovter-Demo"));
    }

    /** The infected host. */
    public Host infected() {
        return hosts.stream().filter(Host::infected).findFirst().orElseThrow();
    }

    /** A host by hostname (case-insensitive), IP or MAC. */
    public Optional<Host> host(String key) {
        String k = key.toLowerCase();
        return hosts.stream().filter(h -> h.hostname().equalsIgnoreCase(k) || h.ip().equals(k) || h.mac().equals(k))
                .findFirst();
    }

    /** The responders' emails (security.responders): everyone but Carol the intern. */
    public List<String> responderEmails() {
        return analysts.stream().filter(a -> !a.email().startsWith("carol")).map(Analyst::email).toList();
    }

    /**
     * Everyone on the team (security.analysts): Carol the intern may investigate and read, not act, which shows the
     * access model in the demo.
     */
    public List<String> analystEmails() {
        return analysts.stream().map(Analyst::email).toList();
    }
}
