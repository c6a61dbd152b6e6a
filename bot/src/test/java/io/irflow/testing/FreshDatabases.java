package io.irflow.testing;

import io.irflow.store.Database;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * Fresh, migrated databases for store tests ("h2" or "postgres", see {@link TestDatabases}), closed after each test:
 * {@code @RegisterExtension final FreshDatabases databases = new FreshDatabases();}.
 */
public final class FreshDatabases implements AfterEachCallback {
    private final List<Database> open = new CopyOnWriteArrayList<>();
    private Path dir;

    /** A new database of this kind. */
    public synchronized DataSource open(String kind) {
        try {
            if (dir == null) {
                dir = Files.createTempDirectory("irflow-store-test");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        return db.dataSource();
    }

    @Override
    public synchronized void afterEach(ExtensionContext context) throws IOException {
        open.forEach(Database::close);
        open.clear();
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
            dir = null;
        }
    }
}
