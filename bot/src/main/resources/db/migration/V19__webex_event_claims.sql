-- Webex events are the durable intake of both modes (issue 15): a verified webhook delivery (or socket event) is
-- recorded here before it is acknowledged, and workers of any instance sharing the database take rows by lease.
-- claimed_by is the instance holding the row and lease_until when its claim lapses (the instance renews it while it
-- works; a dead instance's rows are taken by another once it lapses). attempts counts claims; a row that failed or
-- was claimed too often is dead-lettered (dead_at and done_at set, the reason in last_error) so it never blocks the
-- rows behind it. A row released after a failure waits with claimed_by null and lease_until in the future.
-- Portable SQL for H2 (embedded default) and PostgreSQL.

ALTER TABLE webex_event ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE webex_event ADD COLUMN lease_until TIMESTAMP;
ALTER TABLE webex_event ADD COLUMN attempts INT DEFAULT 0 NOT NULL;
ALTER TABLE webex_event ADD COLUMN dead_at TIMESTAMP;
ALTER TABLE webex_event ADD COLUMN last_error VARCHAR(400);

CREATE INDEX webex_event_claimed ON webex_event (claimed_by);
CREATE INDEX webex_event_queue ON webex_event (done_at, taken_at);
-- The queue index starts with done_at, so the V7 index on done_at alone only costs inserts.
DROP INDEX webex_event_open;
