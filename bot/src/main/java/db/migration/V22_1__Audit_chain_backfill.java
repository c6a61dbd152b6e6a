package db.migration;

import io.irflow.contain.AuditChainStore;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

import java.sql.Statement;

/**
 * Chains the audit entries written before V22 (oldest first) and then requires every entry to be chained. Flyway
 * finds it next to the SQL migrations ({@code classpath:db/migration} covers this package).
 */
public class V22_1__Audit_chain_backfill extends BaseJavaMigration {
    @Override
    public void migrate(Context context) throws Exception {
        AuditChainStore.backfill(context.getConnection());
        try (Statement s = context.getConnection().createStatement()) {
            for (String column : new String[]{"seq", "prev_hash", "hash"}) {
                s.execute("ALTER TABLE audit_log ALTER COLUMN " + column + " SET NOT NULL");
            }
        }
    }
}
