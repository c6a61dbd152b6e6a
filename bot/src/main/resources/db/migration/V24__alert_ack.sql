-- "I'm on it" on alert cards (issue 17 §4): who took an alert group and when, once per group (the primary key makes a
-- second press, a concurrent one or one on another instance find the first record instead of writing another), and
-- the host identifiers the group covered when it was taken (lower-cased names, IPs, MACs, AMP connector guids), so
-- the incident report finds the first acknowledgement on its hosts. Kept for ever, like the audit log: it is a record
-- of human actions. alert_group.opened_at is when the group (one run of a host's thread, or a storm digest) was
-- opened, so a press on a card of an earlier run of the same host's thread is told so instead of taking the new run.
-- Portable SQL for H2 (embedded default) and PostgreSQL.

CREATE TABLE alert_ack (
    group_key       VARCHAR(600) NOT NULL,
    group_first_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    room_id         VARCHAR(256),
    label           VARCHAR(400) NOT NULL,
    acked_by        VARCHAR(320) NOT NULL,
    person_id       VARCHAR(256),
    acked_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (group_key, group_first_at)
);

CREATE INDEX alert_ack_at ON alert_ack (acked_at);

CREATE TABLE alert_ack_host (
    group_key       VARCHAR(600) NOT NULL,
    group_first_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    key_value       VARCHAR(512) NOT NULL,
    PRIMARY KEY (group_key, group_first_at, key_value)
);

CREATE INDEX alert_ack_host_value ON alert_ack_host (key_value);

ALTER TABLE alert_group ADD COLUMN opened_at TIMESTAMP WITH TIME ZONE;
