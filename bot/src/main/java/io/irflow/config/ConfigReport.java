package io.irflow.config;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** What {@code check-config} prints: each section with secrets redacted, enabled and disabled products, and run blockers. */
public final class ConfigReport {
    private ConfigReport() {
    }

    /** Problems that stop {@code run} even though the file parsed: the bot cannot work without them. */
    public static List<String> runProblems(AppConfig cfg) {
        List<String> problems = new ArrayList<>();
        if (cfg.webex().token() == null) {
            problems.add("webex.token: required (the bot's access token from the Webex developer portal)");
        }
        if (!cfg.webex().websocket() && cfg.webex().webhookSecret() == null && !cfg.webex().allowUnsigned()) {
            problems.add("webex.webhook_secret: required so webhook deliveries can be verified "
                    + "(or set webex.allow_unsigned: true, not recommended)");
        }
        return problems;
    }

    /** Prints the redacted config summary. */
    public static void print(AppConfig cfg, PrintWriter out) {
        AppConfig.Webex wx = cfg.webex();
        out.println("server: port=" + cfg.server().port() + " public_url=" + orNone(cfg.server().publicUrl()));
        out.println("webex: url=" + wx.url() + " token=" + redacted(wx.token()) + " webhook_secret="
                + redacted(wx.webhookSecret()) + " irt_room=" + orNone(wx.irtRoom()) + " allowed_rooms="
                + (wx.allowedRooms().isEmpty() ? "(none)" : wx.allowedRooms()) + (wx.allowUnsigned() ? " allow_unsigned=true" : ""));
        out.println("rooms: the bot answers only in 1:1 rooms with analysts or responders, in webex.irt_room, in "
                + "webex.allowed_rooms and in the incident rooms it creates; in any other group room it says once that "
                + "it is not enabled there. Changed: an empty allowed_rooms used to mean every room, it now means none "
                + "beyond those.");
        out.println("webex mode: " + (wx.websocket() ? "websocket (outbound event socket, device '" + wx.deviceName()
                + "', catalog " + wx.u2cUrl() + ")" : "webhook (POST /webhooks/webex)"));
        AppConfig.Http http = cfg.http();
        out.println("http: proxy=" + (http.proxy() == null ? "(none, direct)" : redactUrl(http.proxy())) + " no_proxy="
                + (http.noProxy().isEmpty() ? "(none)" : http.noProxy()) + " ca_file=" + (http.caFile() == null ? "(none)" : http.caFile()));
        out.println("security: responders=" + cfg.security().responders() + " analysts="
                + (cfg.security().analysts().equals(cfg.security().responders()) ? "(same as responders)"
                : cfg.security().analysts()) + " require_approval=" + cfg.security().requireApproval()
                + " dry_run=" + cfg.security().dryRun() + (cfg.security().dryRun() ? " (DRY RUN: containment goes "
                + "through every step, but no product is ever called)" : "") + " protected="
                + (cfg.security().protectedTargets().isEmpty() ? "(none)" : cfg.security().protectedTargets()
                + " (their quarantine or isolation needs a second responder's approval)"));
        out.println("access: analysts run read-only commands, responders every command; anyone else gets one polite "
                + "refusal an hour and nothing else (see README, \"Who may do what, and where\")."
                + (cfg.security().responders().isEmpty() && cfg.security().analysts().isEmpty()
                ? " WARNING: security.responders and security.analysts are empty, so nobody may use the bot." : ""));
        out.println("storage: url=" + redactUrl(cfg.storage().url()) + " retention=" + cfg.storage().retention().toDays()
                + "d (finished bookkeeping older than that is purged hourly; the audit log and incidents are kept)");
        out.println(instances(cfg.storage().url()));
        out.println(alerts(cfg.alerts(), cfg.security().requireApproval()));
        Function<ProductSettings, String> state = p -> p == null ? "disabled (no section)"
                : p.enabled() ? "enabled (" + p.url() + ")" : "disabled (credentials incomplete)";
        for (String name : cfg.products().sections()) {
            out.println("product " + name + ": " + state.apply(cfg.products().get(name)));
        }
        out.println("products enabled: " + (cfg.enabledProducts().isEmpty() ? "none" : String.join(", ", cfg.enabledProducts())));
    }

    /** Says how many irflow instances this storage allows, and who polls. */
    static String instances(String storageUrl) {
        return storageUrl.startsWith("jdbc:h2:")
                ? "instances: one by construction (the embedded H2 database opens in one process only); it polls the "
                + "alert sources and, in websocket mode, holds the event socket. Several instances need PostgreSQL"
                : "instances: several may share this database; each alert post and ticket change is claimed and done "
                + "once, and one leader (a PostgreSQL advisory lock) polls the alert sources and, in websocket mode, "
                + "holds the event socket; if it dies another takes over within one poll interval (10 s at most)";
    }

    /** Says plainly whether an alert can quarantine a host without a person, and whether POST /alerts can. */
    static String alerts(AppConfig.Alerts a, boolean approval) {
        boolean inbound = a.inboundSecret() != null || a.inboundToken() != null;
        String auto = !a.autoQuarantine() ? "auto_quarantine=false: no alert quarantines a host on its own"
                : "auto_quarantine=true: polled alerts quarantine their host" + (approval
                ? " once a responder approves (security.require_approval)" : " at once") + ", except never_quarantine "
                + (a.neverQuarantine().isEmpty() ? "(empty)" : a.neverQuarantine());
        String post = !inbound ? "POST /alerts is off (no inbound_secret or inbound_token)"
                : a.autoQuarantine() && a.autoQuarantineInbound()
                ? "inbound alerts (POST /alerts) CAN auto-quarantine: auto_quarantine_inbound=true"
                : "inbound alerts (POST /alerts) cannot auto-quarantine" + (a.autoQuarantine()
                ? " (auto_quarantine_inbound=false, the default)" : "");
        String storm = a.stormThreshold() == 0 ? "storm mode off (storm_threshold=0)"
                : "storm mode past " + a.stormThreshold() + " new host cards within " + a.stormWindow()
                + " (one digest card per threat until a quiet " + a.stormWindow() + ")";
        return "alerts: " + auto + "; " + post + "; " + storm;
    }

    private static String redacted(Secret s) {
        return s == null ? "(not set)" : "*** (set)";
    }

    private static String orNone(String s) {
        return s == null ? "(not set)" : s;
    }

    /** Hides a password embedded in a JDBC URL ({@code password=...} or {@code user:pass@}). */
    static String redactUrl(String url) {
        return url.replaceAll("(?i)(password=)[^&;]*", "$1***").replaceAll("//([^:/@]+):[^@/]*@", "//$1:***@");
    }
}
