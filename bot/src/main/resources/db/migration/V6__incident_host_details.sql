-- Who was on each incident host and where it was, as the investigations run in the incident's room found them (the
-- session user and the location's map hierarchy). Latest known value wins; a lookup that knows nothing keeps the old
-- one. Portable SQL for H2 (embedded default) and PostgreSQL.

CREATE TABLE incident_host_detail (
    incident_id     VARCHAR(32)   NOT NULL,
    host_value      VARCHAR(512)  NOT NULL,
    host_user       VARCHAR(320),
    host_location   VARCHAR(1000),
    PRIMARY KEY (incident_id, host_value)
);
