-- Incidents one per host problem: the card an incident was opened from (its button's reference; the primary key makes
-- a second press, a concurrent one or one on another instance find the first incident instead of opening another),
-- host identifiers an incident covers beyond its observables (the AMP connector guid, which isolation targets), the
-- summary card's message and what it showed (so it is replaced when the ticket side changes), the alert's severity
-- word and threat name (the incident takes the severity, and the threat as its file's verdict), and who was on an
-- investigated host and where (the incident opened from that card takes them). Portable for H2 and PostgreSQL.

CREATE TABLE incident_origin (
    origin_ref      VARCHAR(64)  NOT NULL PRIMARY KEY,
    incident_id     VARCHAR(32)  NOT NULL,
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE incident_host_key (
    incident_id     VARCHAR(32)  NOT NULL,
    key_value       VARCHAR(512) NOT NULL,
    PRIMARY KEY (incident_id, key_value)
);

CREATE INDEX incident_host_key_value ON incident_host_key (key_value);

ALTER TABLE incident ADD COLUMN summary_message_id VARCHAR(256);
ALTER TABLE incident ADD COLUMN summary_state VARCHAR(300);

ALTER TABLE alert_seen ADD COLUMN severity VARCHAR(32);
ALTER TABLE alert_seen ADD COLUMN threat VARCHAR(500);

ALTER TABLE incident_seed ADD COLUMN host_user VARCHAR(320);
ALTER TABLE incident_seed ADD COLUMN host_location VARCHAR(1000);
