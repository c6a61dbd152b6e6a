package io.irflow.adapters;

import io.irflow.app.Products;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every product folder has the one shape: a {@code <Product>Module} listed in {@code app/Products}, no "adapters". */
class ProductFoldersTest {
    private static final Path ADAPTERS = Path.of("src/main/java/io/irflow/adapters");
    /** Shared helpers, not products. */
    private static final List<String> SHARED = List.of("oauth");

    @Test
    void each_product_folder_has_one_module_and_app_products_lists_it() throws IOException {
        List<Path> folders = productFolders();
        assertThat(folders).hasSize(Products.MODULES.size());
        for (Path folder : folders) {
            List<String> modules = javaFiles(folder).filter(n -> n.endsWith("Module")).toList();
            assertThat(modules).as(folder.toString()).hasSize(1);
            String module = "io.irflow.adapters." + folder.getFileName() + "." + modules.get(0);
            assertThat(Products.MODULES).as(module + " in Products.MODULES")
                    .anyMatch(m -> m.getClass().getName().equals(module));
        }
    }

    @Test
    void no_class_is_called_adapter_a_capability_class_is_named_for_its_capability() throws IOException {
        try (Stream<Path> all = Files.walk(ADAPTERS)) {
            assertThat(all.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("Adapter.java"))).isEmpty();
        }
    }

    private static List<Path> productFolders() throws IOException {
        try (Stream<Path> dirs = Files.list(ADAPTERS)) {
            return dirs.filter(Files::isDirectory).filter(d -> !SHARED.contains(d.getFileName().toString())).sorted()
                    .toList();
        }
    }

    private static Stream<String> javaFiles(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".java"))
                    .map(n -> n.substring(0, n.length() - ".java".length())).toList().stream();
        }
    }
}
