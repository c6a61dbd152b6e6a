package io.irflow.testing;

import io.irflow.store.Database;

import javax.sql.DataSource;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Fresh, migrated databases for store tests ("h2" or "postgres", see {@link TestDatabases}), closed together. */
public final class FreshDatabases implements AutoCloseable {
    private final Path dir;
    private final List<Database> open = new ArrayList<>();

    public FreshDatabases(Path dir) {
        this.dir = dir;
    }

    /** A new database of this kind. */
    public DataSource open(String kind) {
        Database db = TestDatabases.open(TestDatabases.freshUrl(kind, dir));
        open.add(db);
        return db.dataSource();
    }

    @Override
    public void close() {
        open.forEach(Database::close);
    }
}
