package io.irflow.config;

import io.irflow.adapters.amp.AmpModule;
import io.irflow.adapters.investigate.InvestigateModule;
import io.irflow.adapters.virustotal.VirusTotalModule;
import io.irflow.app.Products;
import io.irflow.testing.RepoRoot;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigLoaderTest {
    private static AppConfig parse(String yaml, Map<String, String> env) throws ConfigException {
        return Products.configLoader(env).parse(yaml);
    }

    @Test
    void defaults_apply_when_sections_are_absent() throws Exception {
        AppConfig c = parse("webex:\n  token: t\n", Map.of());

        assertThat(c.server().port()).isEqualTo(8080);
        assertThat(c.webex().url()).isEqualTo("https://webexapis.com/v1");
        assertThat(c.storage().url()).isEqualTo("jdbc:h2:file:./data/irflow");
        assertThat(c.lookups().timeout()).isEqualTo(Duration.ofSeconds(8));
        assertThat(c.enabledProducts()).isEmpty();
        assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(90));
        assertThat(c.lookups().freshPerHour()).isEqualTo(10);
    }

    @Test
    void retention_and_the_fresh_limit_are_read() throws Exception {
        AppConfig c = parse("webex:\n  token: t\nstorage:\n  retention: 30d\nlookups:\n  fresh_per_hour: 0\n", Map.of());

        assertThat(c.storage().retention()).isEqualTo(Duration.ofDays(30));
        assertThat(c.storage().toString()).contains("retention=PT720H");
        assertThat(c.lookups().freshPerHour()).isZero();
    }

    @Test
    void containment_verification_timings_default_to_two_minutes_and_hourly_and_are_read() throws Exception {
        AppConfig defaults = parse("webex:\n  token: t\n", Map.of());
        assertThat(defaults.security().verifyTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(defaults.security().verifyInterval()).isEqualTo(Duration.ofHours(1));

        AppConfig c = parse("webex:\n  token: t\nsecurity:\n  verify_timeout: 90s\n  verify_interval: 0s\n", Map.of());
        assertThat(c.security().verifyTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.security().verifyInterval()).isZero();
        assertThatThrownBy(() -> parse("webex:\n  token: t\nsecurity:\n  verify_interval: hourly\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).singleElement()
                        .asString().startsWith("security.verify_interval: "));
    }

    @Test
    void env_references_are_substituted_with_defaults() throws Exception {
        AppConfig c = parse("""
                server:
                  port: ${PORT:-9090}
                webex:
                  token: ${WEBEX_TOKEN}
                  url: "${WEBEX_URL:-https://webexapis.com/v1}"
                amp4e:
                  client_id: ${AMP_ID}
                  api_key: "${AMP_KEY}"
                """, Map.of("WEBEX_TOKEN", "tok", "AMP_ID", "id1", "AMP_KEY", "key1"));

        assertThat(c.server().port()).isEqualTo(9090);
        assertThat(c.webex().token().reveal()).isEqualTo("tok");
        assertThat(c.product(AmpModule.Settings.class).enabled()).isTrue();
        assertThat(c.product(AmpModule.Settings.class).url()).isEqualTo("https://api.amp.cisco.com");
        assertThat(c.enabledProducts()).containsExactly("amp4e");
    }

    @Test
    void an_unset_env_reference_without_default_names_the_key_and_variable() {
        assertThatThrownBy(() -> parse("webex:\n  token: ${NOPE}\n", Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
                        .containsExactly("webex.token: environment variable NOPE is not set and has no default"));
    }

    @Test
    void a_product_section_without_credentials_is_disabled() throws Exception {
        AppConfig c = parse("investigate:\n  url: https://investigate.example.com\nvirustotal:\n  api_key: k\n", Map.of());

        assertThat(c.product(InvestigateModule.Settings.class).enabled()).isFalse();
        assertThat(c.enabledProducts()).containsExactly("virustotal");
        assertThat(c.product(VirusTotalModule.Settings.class).requestsPerMinute()).isEqualTo(4);
    }

    @Test
    void unknown_keys_warn_with_the_closest_known_key() throws Exception {
        ConfigLoader loader = Products.configLoader(Map.of());
        loader.parse("webex:\n  tokn: x\nsecurty:\n  responders: []\n");

        assertThat(loader.warnings()).containsExactly(
                "unknown key 'webex.tokn' is ignored; did you mean 'webex.token'?",
                "unknown key 'securty' is ignored; did you mean 'security'?");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "server:\\n  port: abc|server.port: expected a whole number, got 'abc'",
            "server:\\n  port: 70000|server.port: expected a number from 0 to 65535, got 70000",
            "webex:\\n  url: not a url|webex.url: expected an http(s) URL, got 'not a url'",
            "webex:\\n  allow_unsigned: maybe|webex.allow_unsigned: expected true or false, got 'maybe'",
            "lookups:\\n  timeout: 10 parsecs|lookups.timeout: expected a duration such as 500ms, 30s, 5m, 2h or 1d, got '10 parsecs'",
            "security:\\n  responders: [bob]|security.responders: 'bob' is neither an email address nor an @domain entry",
            "security:\\n  analysts: [\"@\"]|security.analysts: '@' is neither an email address nor an @domain entry",
            "ise:\\n  username: u\\n  password: p|ise.url: required when ISE credentials are given (the ERS base, e.g. https://ise.example.com:9060)",
            "ise:\\n  url: https://ise.example.com\\n  ca_file: /nonexistent/ca.pem|ise.ca_file: file '/nonexistent/ca.pem' does not exist or cannot be read",
            "webex: [1, 2]|webex: expected a mapping of keys",
            "http:\\n  no_proxy: [10.0.0.0/33]|http.no_proxy: '10.0.0.0/33' is not a CIDR range like 10.0.0.0/8",
            "http:\\n  proxy: socks5://u:pw@proxy:1080|http.proxy: 'socks5://u:***@proxy:1080' must be an http:// URL with a host, e.g. http://proxy.example.com:3128",
            "storage:\\n  retention: 2h|storage.retention: must be at least 1d (containment buttons stay usable for 24 h), got 2h",
            "lookups:\\n  fresh_per_hour: -1|lookups.fresh_per_hour: expected a number from 0 to 10000, got -1",
            "webex:\\n  mode: push|webex.mode: 'push' is not a mode; use webhook (Webex calls irflow) or websocket (irflow connects out, no public URL)",
    })
    void bad_values_name_the_key_and_what_is_expected(String yaml, String problem) {
        assertThatThrownBy(() -> parse(yaml.replace("\\n", "\n"), Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems()).contains(problem));
    }

    @ParameterizedTest
    @CsvSource({"30s,PT30S", "5m,PT5M", "2h,PT2H", "500ms,PT0.5S", "1d,PT24H"})
    void durations_accept_the_documented_units(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
        assertThat(Durations.parse(Durations.format(Duration.parse(iso)))).isEqualTo(Duration.parse(iso));
    }

    @Test
    void responders_accept_emails_and_domains_case_insensitively() throws Exception {
        AppConfig c = parse("security:\n  responders: [Alice@Example.com, \"@soc.example.com\"]\n", Map.of());

        assertThat(c.security().responders()).containsExactly("alice@example.com", "@soc.example.com");
    }

    @Test
    void analysts_default_to_the_responders_and_may_be_set_apart() throws Exception {
        AppConfig absent = parse("security:\n  responders: [alice@example.com]\n", Map.of());
        AppConfig empty = parse("security:\n  responders: [alice@example.com]\n  analysts:\n", Map.of());
        AppConfig set = parse("security:\n  responders: [alice@example.com]\n  analysts: [Carol@Example.com, "
                + "\"@SOC.example.com\"]\n", Map.of());
        AppConfig none = parse("security:\n  responders: [alice@example.com]\n  analysts: []\n", Map.of());

        assertThat(absent.security().analysts()).containsExactly("alice@example.com");
        assertThat(empty.security().analysts()).containsExactly("alice@example.com");
        assertThat(set.security().analysts()).containsExactly("carol@example.com", "@soc.example.com");
        assertThat(none.security().analysts()).isEmpty();
    }

    @Test
    void security_dry_run_and_protected_are_off_by_default_and_check_config_states_them() throws Exception {
        AppConfig off = parse("security:\n  responders: [alice@example.com]\n", Map.of());
        AppConfig on = parse("security:\n  responders: [alice@example.com]\n  dry_run: true\n"
                + "  protected: [\"SRV-*\", 10.10.0.0/24]\n", Map.of());
        java.io.StringWriter offOut = new java.io.StringWriter();
        java.io.StringWriter onOut = new java.io.StringWriter();
        ConfigReport.print(off, new java.io.PrintWriter(offOut, true));
        ConfigReport.print(on, new java.io.PrintWriter(onOut, true));

        assertThat(off.security().dryRun()).isFalse();
        assertThat(on.security().dryRun()).isTrue();
        assertThat(offOut.toString()).contains("require_approval=false dry_run=false protected=(none)\n");
        assertThat(on.security().protectedTargets()).containsExactly("SRV-*", "10.10.0.0/24");
        assertThat(onOut.toString()).contains("protected=[SRV-*, 10.10.0.0/24] (their quarantine or isolation needs a "
                + "second responder's approval)");
        assertThat(onOut.toString()).contains("dry_run=true (DRY RUN: containment goes through every step, but no "
                + "product is ever called)");
        assertThatThrownBy(() -> parse("security:\n  dry_run: maybe\n", Map.of())).isInstanceOfSatisfying(
                ConfigException.class, e -> assertThat(e.problems()).anyMatch(p -> p.contains("security.dry_run")));
    }

    @Test
    void check_config_states_the_room_rule_and_that_its_default_changed() throws Exception {
        AppConfig c = parse("security:\n  responders: [alice@example.com]\n", Map.of());
        java.io.StringWriter out = new java.io.StringWriter();
        ConfigReport.print(c, new java.io.PrintWriter(out, true));

        assertThat(out.toString()).contains("allowed_rooms=(none)")
                .contains("rooms: the bot answers only in 1:1 rooms with analysts or responders, in webex.irt_room, in "
                        + "webex.allowed_rooms and in the incident rooms it creates")
                .contains("Changed: an empty allowed_rooms used to mean every room, it now means none beyond those.")
                .contains("analysts=(same as responders)").doesNotContain("(any)")
                .contains("storage: url=jdbc:h2:file:./data/irflow retention=90d (finished bookkeeping")
                .contains("instances: one by construction (the embedded H2 database opens in one process only)");
        java.io.StringWriter nobody = new java.io.StringWriter();
        ConfigReport.print(parse("server:\n  port: 1\n", Map.of()), new java.io.PrintWriter(nobody, true));
        assertThat(nobody.toString()).contains("nobody may use the bot");
    }

    @Nested
    class Redaction {
        @Test
        void secrets_never_appear_in_the_report_or_in_record_strings() throws Exception {
            AppConfig c = parse("""
                    webex:
                      token: super-secret-token-123
                      webhook_secret: hook-secret-456
                    amp4e:
                      client_id: abc
                      api_key: amp-key-789
                    ise:
                      url: https://ise.example.com:9060
                      username: ers
                      password: ise-pass-000
                    storage:
                      url: jdbc:postgresql://db/irflow?user=irflow&password=db-pass-111
                    """, Map.of());
            StringWriter out = new StringWriter();
            ConfigReport.print(c, new PrintWriter(out, true));
            String all = out + c.toString();

            assertThat(all).doesNotContain("super-secret-token-123", "hook-secret-456", "amp-key-789", "ise-pass-000",
                    "db-pass-111");
            assertThat(out.toString()).contains("product amp4e: enabled", "product ise: enabled", "password=***")
                    .contains("instances: several may share this database", "one leader (a PostgreSQL advisory lock)");
        }
    }

    @Test
    void run_needs_a_token_and_a_secret_unless_unsigned_is_allowed() throws Exception {
        assertThat(ConfigReport.runProblems(parse("webex:\n  token: t\n", Map.of())))
                .containsExactly("webex.webhook_secret: required so webhook deliveries can be verified "
                        + "(or set webex.allow_unsigned: true, not recommended)");
        assertThat(ConfigReport.runProblems(parse("webex:\n  token: t\n  allow_unsigned: true\n", Map.of()))).isEmpty();
        assertThat(ConfigReport.runProblems(parse("", Map.of()))).hasSize(2);
    }

    @Test
    void incident_responders_default_to_the_emails_among_the_security_responders() throws Exception {
        AppConfig defaults = parse("security:\n  responders: [\"Alice@Example.com\", \"@soc.example.com\"]\n", Map.of());
        AppConfig listed = parse("incidents:\n  responders: [\"Bob@Example.com\"]\n  assignment_group: SIR\n", Map.of());

        assertThat(defaults.incidents().responders()).containsExactly("alice@example.com");
        assertThat(defaults.incidents().assignmentGroup()).isNull();
        assertThat(listed.incidents().responders()).containsExactly("bob@example.com");
        assertThat(listed.incidents().assignmentGroup()).isEqualTo("SIR");
        assertThatThrownBy(() -> parse("incidents:\n  responders: [\"@soc.example.com\"]\n", Map.of()))
                .hasMessageContaining("incidents.responders");
    }

    @Test
    void inbound_alerts_never_auto_quarantine_by_default_and_check_config_says_so_plainly() throws Exception {
        ConfigLoader loader = Products.configLoader(Map.of());
        AppConfig defaults = loader.parse("alerts:\n  inbound_token: tok\n  auto_quarantine: true\n");
        AppConfig opted = loader.parse("alerts:\n  inbound_token: tok\n  auto_quarantine: true\n"
                + "  auto_quarantine_inbound: true\n  never_quarantine: [\"00:50:56:*\", SRV-*]\n");
        AppConfig off = loader.parse("webex:\n  token: t\n");

        assertThat(loader.warnings()).isEmpty();
        assertThat(defaults.alerts().autoQuarantineInbound()).isFalse();
        assertThat(opted.alerts().autoQuarantineInbound()).isTrue();
        assertThat(opted.alerts().neverQuarantine()).containsExactly("00:50:56:*", "SRV-*");
        assertThat(report(defaults)).contains("inbound alerts (POST /alerts) cannot auto-quarantine "
                + "(auto_quarantine_inbound=false, the default)");
        assertThat(report(opted)).contains("inbound alerts (POST /alerts) CAN auto-quarantine: auto_quarantine_inbound=true",
                "except never_quarantine [00:50:56:*, SRV-*]");
        assertThat(report(off)).contains("auto_quarantine=false: no alert quarantines a host on its own",
                "POST /alerts is off");
        assertThatThrownBy(() -> parse("alerts:\n  auto_quarantine_inbound: maybe\n", Map.of()))
                .hasMessageContaining("alerts.auto_quarantine_inbound");
    }

    private static String report(AppConfig c) {
        StringWriter out = new StringWriter();
        ConfigReport.print(c, new PrintWriter(out, true));
        return out.toString();
    }

    @Test
    void the_documented_sample_config_is_valid_and_enables_every_product() throws Exception {
        String sample = java.nio.file.Files.readString(RepoRoot.resolve("config.sample.yml"));
        Map<String, String> env = new java.util.HashMap<>();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\$\\{([A-Z_]+)").matcher(sample);
        while (m.find()) {
            env.put(m.group(1), "value-of-" + m.group(1).toLowerCase());
        }
        ConfigLoader loader = Products.configLoader(env);

        AppConfig c = loader.parse(sample);

        assertThat(loader.warnings()).isEmpty();
        assertThat(c.enabledProducts()).containsExactly("amp4e", "investigate", "umbrella", "threatgrid", "ise",
                "threatresponse", "cognitive", "cmx", "virustotal", "servicenow");
        assertThat(ConfigReport.runProblems(c)).isEmpty();
    }
}
