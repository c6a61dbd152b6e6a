package io.irflow.sandbox.sim;

import io.irflow.sandbox.Company;
import io.irflow.sandbox.DemoCredentials;
import io.javalin.config.JavalinConfig;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Every product API irflow talks to, simulated on the demo's one HTTP port, each under {@code /sim/<product>} and
 * speaking the product's real paths, auth and shapes with Acme Widgets as data.
 */
public final class ProductSimulators implements Consumer<JavalinConfig> {
    private final AmpSimulator amp;
    private final InvestigateSimulator investigate;
    private final IseErsSimulator iseErs;
    private final IseMntSimulator iseMnt;
    private final CmxSimulator cmx;
    private final VirusTotalSimulator virusTotal;
    private final ThreatGridSimulator threatGrid;
    private final ThreatResponseSimulator threatResponse;
    private final UmbrellaEnforcementSimulator umbrella;
    private final ServiceNowSimulator serviceNow;
    private final CognitiveSimulator cognitive;

    /** Builds the simulators; time-dependent behaviour (new AMP events, isolation settling) follows the clock. */
    public ProductSimulators(Company company, DemoCredentials creds, Clock clock) {
        this.amp = new AmpSimulator(company, creds, clock);
        this.investigate = new InvestigateSimulator(company, creds);
        this.iseErs = new IseErsSimulator(company, creds);
        this.iseMnt = new IseMntSimulator(company, creds, clock);
        this.cmx = new CmxSimulator(company, creds, clock);
        this.virusTotal = new VirusTotalSimulator(company, creds, clock);
        this.threatGrid = new ThreatGridSimulator(company, creds, clock);
        this.threatResponse = new ThreatResponseSimulator(company, creds, clock);
        this.umbrella = new UmbrellaEnforcementSimulator(company, creds, clock);
        this.serviceNow = new ServiceNowSimulator(creds, clock);
        this.cognitive = new CognitiveSimulator(company, creds, clock);
    }

    @Override
    public void accept(JavalinConfig config) {
        amp.register(config);
        investigate.register(config);
        iseErs.register(config);
        iseMnt.register(config);
        cmx.register(config);
        virusTotal.register(config);
        threatGrid.register(config);
        threatResponse.register(config);
        umbrella.register(config);
        serviceNow.register(config);
        cognitive.register(config);
    }

    /** The ISE ERS simulator (its ANC state is inspectable by the demo's tests). */
    public IseErsSimulator iseErs() {
        return iseErs;
    }

    /** The Umbrella Enforcement simulator (its block list is inspectable by the demo's tests). */
    public UmbrellaEnforcementSimulator umbrella() {
        return umbrella;
    }

    /** The ServiceNow simulator (its tickets are inspectable by the demo's tests). */
    public ServiceNowSimulator serviceNow() {
        return serviceNow;
    }

    /** The AMP simulator (its containment state is inspectable by the demo's tests). */
    public AmpSimulator amp() {
        return amp;
    }

    /**
     * The {@code url} to configure per config section, given the server root (e.g. {@code http://127.0.0.1:8080});
     * the key {@code ise.mnt_url} is ISE's monitoring URL.
     */
    /** The AMP simple custom detection list the demo blocks hashes on ({@code amp4e.file_list_guid}). */
    public static String ampBlockListGuid() {
        return AmpContainment.SCD_GUID;
    }

    public static Map<String, String> baseUrls(String root) {
        String r = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
        Map<String, String> m = new LinkedHashMap<>();
        m.put("amp4e", r + AmpSimulator.PREFIX);
        m.put("investigate", r + InvestigateSimulator.PREFIX);
        m.put("ise", r + IseErsSimulator.PREFIX);
        m.put("ise.mnt_url", r + IseMntSimulator.PREFIX);
        m.put("cmx", r + CmxSimulator.PREFIX);
        m.put("virustotal", r + VirusTotalSimulator.PREFIX);
        m.put("threatgrid", r + ThreatGridSimulator.PREFIX);
        m.put("threatresponse", r + ThreatResponseSimulator.PREFIX);
        m.put("umbrella", r + UmbrellaEnforcementSimulator.PREFIX);
        m.put("servicenow", r + ServiceNowSimulator.PREFIX);
        m.put("cognitive", r + CognitiveSimulator.PREFIX);
        return m;
    }
}
