package io.irflow.sandbox.sim;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.irflow.sandbox.Company;

import java.time.Clock;

/** The JSON shapes of AMP's computers and events (from the reference samples), for {@link AmpSimulator}. */
final class AmpJson {
    private final Company company;
    private final Clock clock;
    private final AmpContainment containment;

    AmpJson(Company company, Clock clock, AmpContainment containment) {
        this.company = company;
        this.clock = clock;
        this.containment = containment;
    }

    /** A computer as {@code GET /v1/computers} lists it. */
    ObjectNode computer(String base, Company.Host h, boolean compromised) {
        boolean windows = h.os().startsWith("Windows");
        ObjectNode c = Sim.obj().put("connector_guid", h.connectorGuid()).put("hostname", h.hostname());
        if (windows) {
            c.put("windows_processor_id", Sim.hex("MD5", h.hostname()).substring(0, 15));
        }
        c.put("active", true);
        c.set("links", links(base, h, ""));
        boolean linux = h.os().startsWith("Ubuntu");
        c.put("connector_version", windows ? "8.2.3.30119" : linux ? "1.22.2.1055" : "1.24.2.1013");
        c.put("operating_system", h.os());
        c.put("os_version", windows ? "10.0.19045.3693" : linux ? h.os().substring("Ubuntu ".length()) : "14.4.1");
        c.putArray("internal_ips").add(h.ip());
        c.put("external_ip", AmpSimulator.EXTERNAL_IP);
        c.put("group_guid", AmpSimulator.GROUP_GUID);
        c.put("install_date", "2025-01-15T09:12:44Z");
        c.put("is_compromised", compromised);
        c.put("demo", false);
        c.putArray("network_addresses").addObject().put("mac", h.mac()).put("ip", h.ip());
        c.putObject("policy").put("guid", AmpSimulator.POLICY_GUID).put("name", h.server() ? "Acme Servers" : "Acme Workstations");
        c.putArray("groups").addObject().put("guid", AmpSimulator.GROUP_GUID).put("name", "Acme Endpoints");
        c.put("last_seen", Sim.iso(clock.instant().minusSeconds(120)));
        c.putArray("faults");
        c.set("isolation", containment.isolationBlock(h));
        c.putObject("orbital").put("status", "not_enabled");
        return c;
    }

    /** The computer's API links. */
    ObjectNode links(String base, Company.Host h, String trajectoryQuery) {
        return Sim.obj().put("computer", base + "/v1/computers/" + h.connectorGuid())
                .put("trajectory", base + "/v1/computers/" + h.connectorGuid() + "/trajectory" + trajectoryQuery)
                .put("group", base + "/v1/groups/" + AmpSimulator.GROUP_GUID);
    }

    /** An event as {@code GET /v1/events} lists it. */
    ObjectNode event(String base, AmpSimulator.SimEvent e) {
        Company.Host h = e.host();
        Company.Threat t = company.threat();
        ObjectNode n = Sim.obj().put("id", e.id()).put("timestamp", e.at().getEpochSecond())
                .put("timestamp_nanoseconds", e.at().getNano()).put("date", Sim.OFFSET_DATE.format(e.at()))
                .put("event_type", e.type()).put("event_type_id", e.typeId());
        if (e.withFile()) {
            n.put("detection", t.threatName()).put("detection_id", e.detectionId());
        }
        n.put("connector_guid", h.connectorGuid());
        n.putArray("group_guids").add(AmpSimulator.GROUP_GUID);
        n.put("severity", e.severity());
        ObjectNode c = n.putObject("computer").put("connector_guid", h.connectorGuid()).put("hostname", h.hostname())
                .put("external_ip", AmpSimulator.EXTERNAL_IP).put("user", h.user() + "@" + h.hostname()).put("active", true);
        c.putArray("network_addresses").addObject().put("ip", h.ip()).put("mac", h.mac());
        c.set("links", links(base, h, ""));
        if (e.withFile()) {
            ObjectNode f = n.putObject("file").put("disposition", "Malicious");
            if (e.typeId() != 553648143L && e.typeId() != 2164260880L) {
                f.put("file_name", t.fileName()).put("file_path", "\\\\?\\C:\\Users\\" + h.user()
                        + "\\Downloads\\" + t.fileName());
            }
            f.putObject("identity").put("sha256", t.sha256()).put("sha1", t.sha1()).put("md5", t.md5());
            ObjectNode parent = f.putObject("parent").put("process_id", 4040).put("disposition", "Clean")
                    .put("file_name", "chrome.exe");
            parent.putObject("identity").put("sha256", Sim.hex("SHA-256", "chrome.exe"))
                    .put("sha1", Sim.hex("SHA-1", "chrome.exe")).put("md5", Sim.hex("MD5", "chrome.exe"));
        }
        if (e.typeId() == 2164260880L) {
            n.putObject("error").put("error_code", 2164260880L).put("description", "Quarantine failed: file in use");
        }
        return n;
    }
}
