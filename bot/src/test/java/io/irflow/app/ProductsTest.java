package io.irflow.app;

import io.irflow.adapters.ProductModule;
import io.irflow.config.ConfigSchema;
import io.irflow.testing.RepoRoot;
import io.irflow.testing.TestConfigs;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class ProductsTest {

    @Test
    void the_modules_are_listed_in_config_order_the_order_check_config_prints() {
        assertThat(Products.MODULES).extracting(ProductModule::section).containsExactly("amp4e", "investigate",
                "umbrella", "threatgrid", "ise", "threatresponse", "cognitive", "cmx", "virustotal", "servicenow");
    }

    @Test
    void every_module_section_is_in_the_schema_after_the_core_sections_with_its_keys() {
        var sections = ConfigSchema.sections(Products.MODULES);
        List<String> names = new ArrayList<>(sections.keySet());

        assertThat(names.subList(names.size() - Products.MODULES.size(), names.size()))
                .containsExactlyElementsOf(Products.MODULES.stream().map(ProductModule::section).toList());
        for (ProductModule<?> m : Products.MODULES) {
            assertThat(sections.get(m.section())).as(m.section()).isEqualTo(m.keys()).isNotEmpty();
        }
    }

    @Test
    void every_module_section_and_key_is_documented_in_config_sample_yml_in_module_order() throws Exception {
        String sample = Files.readString(RepoRoot.resolve("config.sample.yml"));
        List<String> topLevel = new ArrayList<>();
        Matcher top = Pattern.compile("(?m)^([a-z0-9_]+):").matcher(sample);
        while (top.find()) {
            topLevel.add(top.group(1));
        }
        List<String> sections = Products.MODULES.stream().map(ProductModule::section).toList();

        assertThat(topLevel.stream().filter(sections::contains).toList()).containsExactlyElementsOf(sections);
        for (ProductModule<?> m : Products.MODULES) {
            String block = block(sample, m.section());
            for (String key : m.keys().keySet()) {
                assertThat(block).as(m.section() + "." + key)
                        .containsPattern("(?m)^  (# ?)?" + Pattern.quote(key) + ":");
            }
        }
    }

    @Test
    void the_card_and_status_list_sources_in_the_order_they_always_have() {
        assertThat(Products.inCardOrder()).extracting(ProductModule::section).containsExactly("amp4e", "investigate",
                "cognitive", "umbrella", "threatgrid", "threatresponse", "ise", "cmx", "virustotal", "servicenow");
        try (ProductAdapters none = ProductAdapters.from(TestConfigs.bot("http://localhost:1", ""))) {
            assertThat(none.notConfigured()).containsExactly("AMP for Endpoints", "Umbrella Investigate", "Threat Grid",
                    "Threat Response", "ISE", "CMX", "VirusTotal");
            assertThat(none.enrichments()).isEmpty();
            assertThat(none.alertSources()).isEmpty();
        }
    }

    @Test
    void an_enabled_config_gets_every_source_in_card_order() {
        String yaml = """
                amp4e: {url: "http://localhost:1", client_id: c, api_key: k}
                investigate: {url: "http://localhost:1", token: t}
                cognitive: {url: "http://localhost:1", feed: f, username: u, password: p}
                umbrella: {url: "http://localhost:1", customer_key: k}
                threatgrid: {url: "http://localhost:1", api_key: k}
                ise: {url: "http://localhost:1", username: u, password: p}
                threatresponse: {url: "http://localhost:1", client_id: c, client_secret: s}
                cmx: {url: "http://localhost:1", username: u, password: p}
                virustotal: {url: "http://localhost:1", api_key: k}
                servicenow: {url: "http://localhost:1", username: u, password: p}
                """;
        try (ProductAdapters all = ProductAdapters.from(TestConfigs.bot("http://localhost:1", yaml))) {
            assertThat(all.notConfigured()).isEmpty();
            assertThat(all.enrichments()).extracting(e -> e.source()).containsExactly("AMP for Endpoints",
                    "Umbrella Investigate", "Threat Grid", "Threat Response", "ISE", "CMX", "VirusTotal");
            assertThat(all.probes()).extracting(p -> p.source()).containsExactly("AMP for Endpoints",
                    "Umbrella Investigate", "Threat Grid", "Threat Response", "ISE", "CMX", "VirusTotal", "ServiceNow");
            assertThat(all.alertSources()).hasSize(2);
            assertThat(all.containments()).hasSize(3);
            assertThat(all.extraction()).isNotNull();
            assertThat(all.ticketing()).isNotNull();
        }
    }

    /** The lines of one top-level section, up to the next top-level key. */
    private static String block(String yaml, String section) {
        Matcher m = Pattern.compile("(?ms)^" + Pattern.quote(section) + ":.*?(?=^[a-z])").matcher(yaml + "\nend:");
        assertThat(m.find()).as(section).isTrue();
        return m.group();
    }
}
