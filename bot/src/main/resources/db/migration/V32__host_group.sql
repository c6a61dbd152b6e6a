-- The product groups a host is in (issue 18 section 2: security.protected may name AMP groups, "amp_group:Servers"),
-- learnt from the AMP for Endpoints computers every investigation fetched: one row per connector and group, its
-- guid and name lower-cased as matched. Keyed by the AMP connector guid (one of the host's identifiers in the host
-- store), so hosts merging there need nothing here. A computer moved to another group is replaced when next seen.
-- Portable SQL for H2 (embedded default) and PostgreSQL.

CREATE TABLE host_group (
    connector_guid  VARCHAR(128) NOT NULL,
    group_guid      VARCHAR(128) NOT NULL,
    group_name      VARCHAR(256),
    seen_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (connector_guid, group_guid)
);
