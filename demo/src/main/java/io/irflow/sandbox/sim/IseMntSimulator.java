package io.irflow.sandbox.sim;

import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * ISE Monitoring (MnT) REST, XML only, Basic auth: active sessions by endpoint MAC (upper case, as ISE 3.1 insists),
 * endpoint IP or user name, the active list and count. Workstations have dot1x sessions; the server has none.
 */
public final class IseMntSimulator {
    static final String PREFIX = "/sim/ise-mnt";
    private static final String XML = "application/xml";
    private static final String BOOL = " xsi:type=\"xs:boolean\" xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
            + "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\"";
    private static final DateTimeFormatter TS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSxxx")
            .withZone(ZoneOffset.UTC);

    private final Company company;
    private final DemoCredentials creds;
    private final Instant started;

    /** Sessions start one hour before the clock's current instant. */
    public IseMntSimulator(Company company, DemoCredentials creds, Clock clock) {
        this.company = company;
        this.creds = creds;
        this.started = clock.instant().minusSeconds(3600);
    }

    /** Registers the routes under {@code /sim/ise-mnt}. */
    public void register(JavalinConfig config) {
        String p = PREFIX + "/admin/API/mnt/Session";
        config.routes.get(p + "/MACAddress/{mac}", ctx -> authed(ctx, () -> byMac(ctx)));
        config.routes.get(p + "/EndPointIPAddress/{ip}", ctx -> authed(ctx, () -> one(ctx,
                sessions().stream().filter(h -> h.ip().equals(ctx.pathParam("ip"))).findFirst().orElse(null))));
        config.routes.get(p + "/UserName/{user}", ctx -> authed(ctx, () -> one(ctx, sessions().stream()
                .filter(h -> userName(h).equalsIgnoreCase(ctx.pathParam("user"))
                        || h.user().equalsIgnoreCase(ctx.pathParam("user"))).findFirst().orElse(null))));
        config.routes.get(p + "/ActiveCount", ctx -> authed(ctx, () -> Sim.text(ctx, 200,
                "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sessionCount>\n<count>"
                        + sessions().size() + "</count>\n</sessionCount>", XML)));
        config.routes.get(p + "/ActiveList", ctx -> authed(ctx, () -> activeList(ctx)));
    }

    private void authed(Context ctx, Runnable handler) {
        if (!Sim.basicOk(ctx, creds.iseUser(), creds.isePassword())) {
            Sim.text(ctx, 401, "<!doctype html><html lang=\"en\"><head><title>HTTP Status 401 – Unauthorized</title>"
                    + "</head><body><h1>HTTP Status 401 – Unauthorized</h1></body></html>", "text/html;charset=utf-8");
            return;
        }
        handler.run();
    }

    private List<Company.Host> sessions() {
        return company.hosts().stream().filter(h -> !h.server()).toList();
    }

    private void byMac(Context ctx) {
        String mac = ctx.pathParam("mac");
        if (!mac.equals(mac.toUpperCase(Locale.ROOT))) {
            Sim.text(ctx, 500, "<!doctype html><html><head><title>HTTP Status 500 – Internal Server Error</title>"
                    + "</head><body><h1>HTTP Status 500 – Internal Server Error</h1></body></html>", "text/html");
            return;
        }
        one(ctx, sessions().stream().filter(h -> h.mac().equalsIgnoreCase(mac)).findFirst().orElse(null));
    }

    private void one(Context ctx, Company.Host h) {
        String head = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";
        Sim.text(ctx, 200, head + (h == null ? "<sessionParameters/>" : session(h)), XML);
    }

    private static String userName(Company.Host h) {
        return "ACME\\" + h.user();
    }

    private static boolean wireless(Company.Host h) {
        return h.os().startsWith("macOS");
    }

    private static String nasName(Company.Host h) {
        return wireless(h) ? "acme-wlc-01" : ("b" + h.building().replaceAll("\\D", "") + "-fl"
                + h.floor().replaceAll("\\D", "") + "-access-sw01");
    }

    private static String nasIp(Company.Host h) {
        return wireless(h) ? "10.10.1.100" : "10.10.1." + (10 * Integer.parseInt("0" + h.building().replaceAll("\\D", ""))
                + Integer.parseInt("0" + h.floor().replaceAll("\\D", "")));
    }

    private String session(Company.Host h) {
        String auditId = Sim.hex("MD5", h.mac()).substring(0, 24).toUpperCase(Locale.ROOT);
        StringBuilder s = new StringBuilder("<sessionParameters>\n");
        s.append("    <passed").append(BOOL).append(">true</passed>\n");
        s.append("    <failed").append(BOOL).append(">false</failed>\n");
        el(s, "user_name", userName(h));
        el(s, "nas_ip_address", nasIp(h));
        el(s, "calling_station_id", h.mac().toUpperCase(Locale.ROOT));
        el(s, "nas_port", wireless(h) ? "13" : "50112");
        el(s, "identity_group", "Workstation");
        el(s, "network_device_name", nasName(h));
        el(s, "acs_server", "acme-ise-psn-01");
        el(s, "authen_protocol", "PEAP (EAP-MSCHAPv2)");
        el(s, "framed_ip_address", h.ip());
        el(s, "network_device_groups", "Location#All Locations#" + Company.CAMPUS + "#" + h.building()
                + ",Device Type#All Device Types#" + (wireless(h) ? "Wireless Controller" : "Access Switch"));
        el(s, "access_service", "Default Network Access");
        el(s, "auth_acs_timestamp", TS.format(started));
        el(s, "authentication_method", "dot1x");
        el(s, "audit_session_id", auditId);
        el(s, "nas_port_id", wireless(h) ? "capwap" : "GigabitEthernet1/0/12");
        el(s, "posture_status", "Compliant");
        el(s, "selected_azn_profiles", "PermitAccess");
        el(s, "service_type", "Framed");
        el(s, "message_code", "5200");
        el(s, "identity_store", "ACME-AD");
        el(s, "response_time", "84");
        el(s, "acct_session_id", auditId.substring(16));
        el(s, "acct_status_type", "Interim-Update");
        el(s, "acct_session_time", "3600");
        s.append("    <started").append(BOOL).append(">true</started>\n");
        s.append("    <stopped").append(BOOL).append(">false</stopped>\n");
        el(s, "endpoint_policy", h.os().startsWith("Windows") ? "Windows10-Workstation" : "Apple-MacBook");
        return s.append("</sessionParameters>").toString();
    }

    private void activeList(Context ctx) {
        StringBuilder s = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n")
                .append("<activeList noOfActiveSession=\"").append(sessions().size()).append("\">\n");
        for (Company.Host h : sessions()) {
            s.append("  <activeSession>\n");
            el(s, "user_name", userName(h));
            el(s, "calling_station_id", h.mac().toUpperCase(Locale.ROOT));
            el(s, "nas_ip_address", nasIp(h));
            el(s, "acct_session_id", Sim.hex("MD5", h.mac()).substring(16, 24).toUpperCase(Locale.ROOT));
            el(s, "audit_session_id", Sim.hex("MD5", h.mac()).substring(0, 24).toUpperCase(Locale.ROOT));
            el(s, "server", "acme-ise-psn-01");
            el(s, "framed_ip_address", h.ip());
            s.append("  </activeSession>\n");
        }
        Sim.text(ctx, 200, s.append("</activeList>").toString(), XML);
    }

    private static void el(StringBuilder s, String name, String value) {
        s.append("    <").append(name).append('>').append(value.replace("&", "&amp;").replace("<", "&lt;"))
                .append("</").append(name).append(">\n");
    }
}
