package io.irflow.app;

import io.irflow.adapters.ProductModule;
import io.irflow.adapters.amp.AmpModule;
import io.irflow.adapters.cmx.CmxModule;
import io.irflow.adapters.cognitive.CognitiveModule;
import io.irflow.adapters.investigate.InvestigateModule;
import io.irflow.adapters.ise.IseModule;
import io.irflow.adapters.servicenow.ServiceNowModule;
import io.irflow.adapters.threatgrid.ThreatGridModule;
import io.irflow.adapters.threatresponse.ThreatResponseModule;
import io.irflow.adapters.umbrella.UmbrellaModule;
import io.irflow.adapters.virustotal.VirusTotalModule;
import io.irflow.config.ConfigLoader;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Every product irflow knows, one module a line, in config order (the order of {@code config.sample.yml} and
 * {@code check-config}). Adding a product is one folder under {@code adapters/} and one line here.
 */
public final class Products {
    public static final List<ProductModule<?>> MODULES = List.of(
            new AmpModule(),
            new InvestigateModule(),
            new UmbrellaModule(),
            new ThreatGridModule(),
            new IseModule(),
            new ThreatResponseModule(),
            new CognitiveModule(),
            new CmxModule(),
            new VirusTotalModule(),
            new ServiceNowModule());

    private Products() {
    }

    /** The modules in the order the investigation card and {@code /status} list their sources. */
    public static List<ProductModule<?>> inCardOrder() {
        return MODULES.stream().sorted(Comparator.comparingInt(ProductModule::cardOrder)).toList();
    }

    /** The names the products call themselves, for config sections ({@code amp4e} is "AMP for Endpoints"). */
    public static List<String> names(List<String> sections) {
        return sections.stream().map(s -> MODULES.stream().filter(m -> m.section().equals(s)).findFirst()
                .map(ProductModule::productName).orElse(s)).toList();
    }

    /** A config loader that knows every product's section. */
    public static ConfigLoader configLoader(Map<String, String> env) {
        return new ConfigLoader(env, MODULES);
    }
}
