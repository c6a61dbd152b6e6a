-- Webex events taken in websocket mode (messages and card actions, keyed like webhook redeliveries: resource:id), so a
-- reconnect, a REST catch-up or a restart handles each exactly once. done_at stays null while the handler runs; rows a
-- stopped process left unfinished are run again at the next start. created_at (Webex's time) is the catch-up cursor.
-- Portable SQL for H2 (embedded default) and PostgreSQL.

CREATE TABLE webex_event (
    event_key   VARCHAR(400)   NOT NULL PRIMARY KEY,
    event_json  VARCHAR(4000)  NOT NULL,
    created_at  TIMESTAMP,
    taken_at    TIMESTAMP      NOT NULL,
    done_at     TIMESTAMP
);

CREATE INDEX webex_event_open ON webex_event (done_at);
CREATE INDEX webex_event_created ON webex_event (created_at);
