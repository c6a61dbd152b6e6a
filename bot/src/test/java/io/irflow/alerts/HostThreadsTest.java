package io.irflow.alerts;

import io.irflow.capabilities.AdapterException;
import io.irflow.capabilities.Alert;
import io.irflow.capabilities.Enrichment;
import io.irflow.capabilities.Finding;
import io.irflow.capabilities.HostDetails;
import io.irflow.capabilities.Observable;
import io.irflow.capabilities.ObservableType;
import io.irflow.capabilities.Verdict;
import io.irflow.hosts.HostIdentifier;
import io.irflow.hosts.HostStore;
import io.irflow.hosts.KnownHost;
import io.irflow.store.Jdbc;
import io.irflow.testing.FreshDatabases;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.sql.DataSource;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.irflow.alerts.AlertSeenStoreTest.RENDERER;
import static io.irflow.alerts.AlertSeenStoreTest.T0;
import static io.irflow.alerts.AlertSeenStoreTest.WINDOW;
import static io.irflow.alerts.AlertSeenStoreTest.posts;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Host threads: events of one host from every product share one top-level card (each other product's first event is
 * a card in its thread, later ones coalesced updates), an event naming only an address joins the host a product
 * reported it for (in either order, across restarts), and an inbound alert's unconfirmed claims join nothing.
 */
class HostThreadsTest {
    static final String AMP = "AMP for Endpoints";
    static final String COGNITIVE = "Cognitive Intelligence";
    static final String NAME = "WKS-FIN-042";
    static final String IP = "10.10.20.42";
    static final String MAC = "00:50:56:9a:42:42";
    static final String GUID = "4242c5f2-8992-4ae7-80c0-c10a3f3973b7";

    @RegisterExtension
    final FreshDatabases databases = new FreshDatabases();

    /** AMP's computers by address, as far as this test's AMP knows them. */
    private final Map<String, HostDetails> ampComputers = new java.util.HashMap<>();
    private final List<Observable> asked = new ArrayList<>();
    private final Enrichment ampLookup = new Enrichment() {
        @Override
        public String source() {
            return "AMP";
        }

        @Override
        public boolean supports(ObservableType type) {
            return type == ObservableType.IPV4 || type == ObservableType.HOSTNAME;
        }

        @Override
        public Finding enrich(Observable o) throws AdapterException {
            asked.add(o);
            HostDetails h = o.type() == ObservableType.IPV4 ? ampComputers.get(o.value())
                    : ampComputers.values().stream().filter(c -> c.hostname().equalsIgnoreCase(o.value())).findFirst()
                    .orElse(null);
            List<HostDetails> hosts = h == null ? List.of() : List.of(h);
            return new Finding("AMP", h != null, Verdict.unknown(), List.of(), List.of(), hosts, null);
        }
    };

    private DataSource ds;
    private AlertSeenStore store;
    private HostThreads threads;

    private void open(String kind) {
        ds = databases.open(kind);
        restart();
    }

    /** A new instance on the same database (what a restart or a second instance sees). */
    private void restart() {
        store = new AlertSeenStore(ds);
        threads = new HostThreads(store.hosts(), new IdentityResolver(List.of(ampLookup)));
    }

    static Alert amp(String id, long minutes) {
        return new Alert(AMP, id, T0.plus(Duration.ofMinutes(minutes)), "Executed malware", "W32.Kovter", "High",
                new Alert.AlertHost(NAME, IP, MAC, GUID), "aa".repeat(32), "invoice.exe", null, null);
    }

    static Alert cognitive(String id, String ip, long minutes) {
        return new Alert(COGNITIVE, id, T0.plus(Duration.ofMinutes(minutes)), "Malware C2 communication",
                "C2: gate.badguys.example", "High", new Alert.AlertHost(null, ip, null, null), null, null, null, null);
    }

    private List<AlertSeenStore.Ingested> ingest(boolean inbound, Alert... alerts) {
        List<AlertSeenStore.Placed> placed = threads.place(List.of(alerts), inbound);
        return store.ingestPlaced(alerts[0].source(), placed, null, "room", WINDOW, T0, RENDERER);
    }

    private List<String> groupKeys() {
        return new Jdbc(ds).query("SELECT group_key FROM alert_group ORDER BY group_key", rs -> rs.getString(1));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void address_only_events_after_amp_named_the_host_join_its_thread_and_are_shown_with_its_name(String kind) {
        open(kind);
        ingest(false, amp("a1", 0));
        List<AlertSeenStore.Ingested> c = ingest(false, cognitive("c1", IP, 1), cognitive("c2", IP, 2));

        // Two Cognitive events: the update counts the events of that kind, not AMP's too.
        assertThat(posts(ds)).containsExactly("card a1", "thread: card c1", "thread: 2 events");
        assertThat(groupKeys()).containsExactly("host|name:wks-fin-042");
        assertThat(c).extracting(i -> i.alert().host().hostname()).containsOnly(NAME);
        assertThat(c).extracting(i -> i.alert().host().ip()).containsOnly(IP);
        assertThat(store.alertOf(c.get(0).ref())).get().satisfies(s -> assertThat(s.host().hostname()).isEqualTo(NAME));
        assertThat(asked).as("the recorded name spares the lookup").isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void amp_reporting_the_name_after_an_address_only_event_joins_the_thread_opened_under_the_address(String kind) {
        open(kind);
        List<AlertSeenStore.Ingested> first = ingest(false, cognitive("c1", IP, 0));
        ingest(false, amp("a1", 1));
        List<AlertSeenStore.Ingested> later = ingest(false, cognitive("c2", IP, 2));

        assertThat(first.get(0).alert().host().hostname()).as("nobody knew the address yet").isNull();
        // AMP's card replaces the top card that named only the address (HostCardReplacementTest), in the same thread.
        assertThat(posts(ds)).containsExactly("card c1", "card a1", "thread: 2 events");
        assertThat(groupKeys()).containsExactly("host|ip:" + IP);
        assertThat(new Jdbc(ds).query("SELECT host_name FROM alert_group", rs -> rs.getString(1))).containsExactly(NAME);
        assertThat(later.get(0).alert().host().hostname()).isEqualTo(NAME);
    }

    @Test
    void the_address_to_host_record_survives_a_restart() {
        open("h2");
        ingest(false, amp("a1", 0));
        restart();

        ingest(false, cognitive("c1", IP, 1));

        assertThat(posts(ds)).containsExactly("card a1", "thread: card c1");
        // One host in the one host store, named as AMP spelled it, known by every identifier AMP reported.
        HostStore hosts = new HostStore(ds, Clock.systemUTC());
        KnownHost host = hosts.find(IP).orElseThrow();
        for (String id : List.of(MAC, GUID, NAME)) {
            assertThat(hosts.find(id)).as(id).map(KnownHost::id).contains(host.id());
        }
        assertThat(host.hostName()).isEqualTo(NAME);
        assertThat(host.values(HostIdentifier.Kind.HOSTNAME)).containsExactly("wks-fin-042");
    }

    @Test
    void an_address_amp_knows_names_the_host_on_the_first_card_and_later_amp_events_join_it() {
        open("h2");
        ampComputers.put(IP, new HostDetails("wks-fin-042.corp.example.com", List.of(IP), List.of(MAC), null, null,
                null, null, null));

        List<AlertSeenStore.Ingested> c = ingest(false, cognitive("c1", IP, 0));
        ingest(false, amp("a1", 1));

        assertThat(c.get(0).alert().host().hostname()).isEqualTo("wks-fin-042.corp.example.com");
        assertThat(posts(ds)).containsExactly("card c1", "thread: card a1");
        assertThat(groupKeys()).containsExactly("host|name:wks-fin-042");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void what_amp_answered_about_an_address_is_recorded_in_the_host_store_as_an_investigation_would(String kind) {
        open(kind);
        ampComputers.put(IP, new HostDetails("WKS-FIN-042.corp.example.com", List.of(IP), List.of(MAC), null, null,
                io.irflow.capabilities.HostId.ampConnector(GUID), null, null));

        ingest(false, cognitive("c1", IP, 0));

        HostStore hosts = new HostStore(ds, Clock.systemUTC());
        KnownHost host = hosts.find(IP).orElseThrow();
        assertThat(host.hostName()).isEqualTo("WKS-FIN-042.corp.example.com");
        assertThat(hosts.find(MAC)).map(KnownHost::id).contains(host.id());
        assertThat(hosts.find(GUID)).map(KnownHost::id).contains(host.id());
        assertThat(hosts.identifiersOf(IP, false)).contains("wks-fin-042.corp.example.com", "wks-fin-042", MAC, GUID);
    }

    @Test
    void a_host_an_investigation_recorded_names_an_address_only_event_without_asking_the_products() {
        open("h2");
        new HostStore(ds, Clock.systemUTC()).record(HostIdentifier.of(new HostDetails("WKS-FIN-042.corp.example.com",
                List.of(IP), List.of(MAC), null, null, null, null, null)));

        List<AlertSeenStore.Ingested> c = ingest(false, cognitive("c1", IP, 0));
        ingest(false, amp("a1", 1));

        assertThat(c.get(0).alert().host().hostname()).isEqualTo("wks-fin-042.corp.example.com");
        assertThat(asked).isEmpty();
        assertThat(posts(ds)).containsExactly("card c1", "thread: card a1");
        assertThat(groupKeys()).containsExactly("host|name:wks-fin-042");
    }

    @Test
    void a_polled_event_without_a_name_mac_or_connector_records_no_host() {
        open("h2");

        ingest(false, cognitive("c1", "10.10.99.7", 0));

        assertThat(new Jdbc(ds).query("SELECT COUNT(*) FROM host_identifier", rs -> rs.getInt(1))).containsExactly(0);
    }

    @Test
    void an_address_no_product_knows_gets_its_own_card_named_by_the_address() {
        open("h2");
        ingest(false, amp("a1", 0));
        List<AlertSeenStore.Ingested> c = ingest(false, cognitive("c1", "10.10.99.7", 1), cognitive("c2", "10.10.99.7", 2));

        assertThat(posts(ds)).containsExactly("card a1", "card c1", "thread: 2 events");
        assertThat(c.get(0).alert().host().hostname()).isNull();
        assertThat(asked).as("one lookup for the host, not one per event").hasSize(1);
        assertThat(groupKeys()).containsExactly("host|ip:10.10.99.7", "host|name:wks-fin-042");
    }

    @Test
    void different_hosts_and_events_outside_the_window_keep_their_own_cards() {
        open("h2");
        ingest(false, amp("a1", 0));
        ingest(false, new Alert(AMP, "a2", T0, "Executed malware", "W32.Kovter", "High",
                new Alert.AlertHost("WKS-HR-007", "10.10.20.57", null, null), null, null, null, null));
        ingest(false, cognitive("c1", IP, WINDOW.toMinutes() + 5));

        assertThat(posts(ds)).containsExactly("card a1", "card a2", "card c1");
    }

    @Test
    void an_inbound_alert_whose_claims_no_product_confirms_joins_no_host_thread_and_teaches_nothing() {
        open("h2");
        ingest(false, amp("a1", 0));
        Alert forged = new Alert("SIEM", "f1", T0.plusSeconds(30), "Ransomware", "Ransom", "Critical",
                new Alert.AlertHost("SRV-DC-01", IP, null, null), null, null, null, null);
        Alert forgedMac = new Alert("SIEM", "f2", T0.plusSeconds(40), "Ransomware", "Ransom", "Critical",
                new Alert.AlertHost(NAME, IP, MAC, null), null, null, null, null);

        ingest(true, forged);
        ingest(true, forgedMac);

        assertThat(posts(ds)).containsExactly("card a1", "card f1", "card f2");
        HostStore hosts = new HostStore(ds, Clock.systemUTC());
        assertThat(hosts.find(IP)).get().extracting(KnownHost::hostName).isEqualTo(NAME);
        assertThat(hosts.find("srv-dc-01")).as("a forged claim teaches nothing").isEmpty();
        assertThat(groupKeys()).containsExactly("host|name:wks-fin-042", "siem|00:50:56:9a:42:42|ransom",
                "siem|srv-dc-01|ransom");
    }

    @Test
    void an_inbound_alert_the_products_confirm_joins_the_hosts_thread() {
        open("h2");
        // AMP also lists the computer's NAT address: shared, so never recorded or joined through an inbound claim.
        ampComputers.put(IP, new HostDetails("WKS-FIN-042.corp.example.com", List.of(IP, "203.0.113.9"), List.of(MAC),
                null, null, null, null, null));
        ingest(false, amp("a1", 0));

        ingest(true, new Alert("SIEM", "s1", T0.plusSeconds(30), "Beaconing", "C2", "High",
                new Alert.AlertHost(null, IP, null, null), null, null, null, null));
        ingest(true, new Alert("SIEM", "s2", T0.plusSeconds(40), "Beaconing", "C2", "High",
                new Alert.AlertHost("wks-fin-042", IP, null, null), null, null, null, null));

        assertThat(posts(ds)).containsExactly("card a1", "thread: card s1", "thread: 2 events");
        assertThat(asked).isNotEmpty();
        assertThat(new HostStore(ds, Clock.systemUTC()).find("203.0.113.9")).isEmpty();
    }

    @Test
    void another_threat_on_the_host_is_a_card_in_its_thread_and_repeats_of_a_kind_are_updates() {
        open("h2");
        Alert other = new Alert(AMP, "a2", T0.plusSeconds(60), "Threat Detected", "W32.WannaCry", "Critical",
                new Alert.AlertHost(NAME, IP, MAC, GUID), "bb".repeat(32), "tasksche.exe", null, null);
        Alert again = new Alert(AMP, "a3", T0.plusSeconds(90), "Threat Detected", "W32.WannaCry", "Critical",
                new Alert.AlertHost(NAME, IP, MAC, GUID), "bb".repeat(32), "tasksche.exe", null, null);

        ingest(false, amp("a1", 0), other, again);

        assertThat(posts(ds)).containsExactly("card a1", "thread: card a2", "thread: 2 events");
        assertThat(groupKeys()).containsExactly("host|name:wks-fin-042");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgres"})
    void each_kinds_update_counts_only_the_events_of_that_kind_across_batches_and_restarts(String kind) {
        open(kind);
        ingest(false, amp("a1", 0));
        ingest(false, cognitive("c1", IP, 1));
        ingest(false, amp("a2", 2), amp("a3", 3));
        restart();
        ingest(false, cognitive("c2", IP, 4));
        ingest(false, amp("a4", 5));

        // Nothing was posted in between: each batch's update replaces the one still waiting.
        List<String> updates = new ArrayList<>();
        new Jdbc(ds).query("SELECT markdown FROM outbox WHERE card_json IS NULL ORDER BY id", rs -> rs.getString(1))
                .forEach(updates::add);
        assertThat(posts(ds)).startsWith("card a1", "thread: card c1");
        assertThat(updates).containsExactly("4 events");
        assertThat(new Jdbc(ds).query("SELECT kinds FROM alert_group", rs -> rs.getString(1))).singleElement()
                .isEqualTo("amp for endpoints|" + "aa".repeat(32) + "\t4\ncognitive intelligence|c2: gate.badguys.example\t2");
    }

    @Test
    void interleaved_kinds_each_say_their_own_count() {
        open("h2");
        List<String> said = new ArrayList<>();
        AlertSeenStore.Renderer recording = new AlertSeenStore.Renderer() {
            @Override
            public AlertOutboxStore.Post card(Alert alert, String ref) {
                return RENDERER.card(alert, ref);
            }

            @Override
            public AlertOutboxStore.Post update(Alert alert, int count) {
                said.add(alert.source() + ": " + count);
                return RENDERER.update(alert, count);
            }
        };
        List<Alert> batch = List.of(amp("a1", 0), cognitive("c1", IP, 1), amp("a2", 2), cognitive("c2", IP, 3),
                cognitive("c3", IP, 4), amp("a3", 5));
        store.ingestPlaced(AMP, threads.place(batch, false), null, "room", WINDOW, T0, recording);

        assertThat(said).containsExactly(AMP + ": 2", COGNITIVE + ": 2", COGNITIVE + ": 3", AMP + ": 3");
    }

    @Test
    void the_short_name_is_the_thread_identity_of_every_name_a_product_gives() {
        assertThat(HostThreads.shortName("WKS-FIN-042.corp.example.com")).isEqualTo("wks-fin-042");
        assertThat(HostThreads.shortName("wks-fin-042")).isEqualTo("wks-fin-042");
        assertThat(HostThreads.shortName("A.b")).isEqualTo(HostThreads.shortName("a"));
    }
}
