package io.irflow.contain;

import io.irflow.store.Jdbc;

import io.irflow.capabilities.ContainmentKind;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** What irflow currently holds contained (quarantined, isolated, blocked), one row per action and target. */
public final class ContainedTargetStore {
    private final Jdbc jdbc;

    /** One contained target. */
    public record Row(ContainmentKind kind, String target, String targetLabel, String product, Instant since,
                      String containedBy, String roomId) {
    }

    public ContainedTargetStore(DataSource ds) {
        this.jdbc = new Jdbc(ds);
    }

    /**
     * Records a containment.
     *
     * @return false when irflow already held it (the primary key refuses a second row)
     */
    public boolean add(Row r) {
        try {
            return jdbc.update("INSERT INTO contained (kind, target, target_label, product, since, contained_by, room_id) "
                    + "VALUES (?,?,?,?,?,?,?)", r.kind(), r.target(), r.targetLabel(), r.product(), r.since(),
                    r.containedBy(), r.roomId()) == 1;
        } catch (Jdbc.StoreException e) {
            if (find(r.kind(), r.target()).isPresent()) {
                return false;
            }
            throw e;
        }
    }

    /** Forgets a containment after its undo. */
    public boolean remove(ContainmentKind kind, String target) {
        return jdbc.update("DELETE FROM contained WHERE kind = ? AND target = ?", kind, target) == 1;
    }

    /** The row for a target, if irflow holds it contained. */
    public Optional<Row> find(ContainmentKind kind, String target) {
        return jdbc.query("SELECT * FROM contained WHERE kind = ? AND target = ?", ContainedTargetStore::map, kind, target)
                .stream().findFirst();
    }

    /** The rows whose target is one of these values (compared without case), oldest first. */
    public List<Row> among(java.util.Collection<String> targets) {
        if (targets.isEmpty()) {
            return List.of();
        }
        Object[] lower = targets.stream().map(t -> t.toLowerCase(java.util.Locale.ROOT)).distinct().toArray();
        return jdbc.query("SELECT * FROM contained WHERE LOWER(target) IN (" + Jdbc.marks(lower.length) + ") ORDER BY since",
                ContainedTargetStore::map, lower);
    }

    /** Everything contained, oldest first. */
    public List<Row> all() {
        return jdbc.query("SELECT * FROM contained ORDER BY since", ContainedTargetStore::map);
    }

    private static Row map(ResultSet rs) throws SQLException {
        return new Row(ContainmentKind.valueOf(rs.getString("kind")), rs.getString("target"), rs.getString("target_label"),
                rs.getString("product"), Jdbc.instant(rs, "since"), rs.getString("contained_by"), rs.getString("room_id"));
    }
}
