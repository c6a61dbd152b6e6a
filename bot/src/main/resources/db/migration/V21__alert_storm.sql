-- Storm control (issue 16): per response room, whether it is in storm mode (started_at set) with what the storm has
-- recorded so far, and how many new alert groups (host cards, or hosts a storm digest took instead) arrived when, so
-- every instance sharing the database decides alike inside its ingest transaction (the room's row is locked).
-- Portable SQL for H2 (embedded default) and PostgreSQL.

CREATE TABLE alert_storm (
    room_id         VARCHAR(400) NOT NULL PRIMARY KEY,
    started_at      TIMESTAMP WITH TIME ZONE,
    events          BIGINT NOT NULL DEFAULT 0
);

CREATE TABLE alert_storm_arrival (
    room_id         VARCHAR(400) NOT NULL,
    arrived_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    new_groups      INTEGER NOT NULL
);

CREATE INDEX alert_storm_arrival_room_at ON alert_storm_arrival (room_id, arrived_at);

CREATE INDEX alert_seen_group ON alert_seen (group_key);
