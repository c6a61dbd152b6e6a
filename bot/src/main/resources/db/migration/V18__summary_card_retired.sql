-- Summary cards on their way out. Webex cannot edit a card, so a stale one is replaced: its message id is written
-- here before the new card is posted and removed once Webex deleted it. A crash or a failed DELETE in between leaves
-- the row, and the next replacement of that incident or the periodic clean-up finishes the job, so a room never keeps
-- two summary cards. Portable for H2 and PostgreSQL.

CREATE TABLE summary_card_retired (
    message_id      VARCHAR(256) NOT NULL PRIMARY KEY,
    incident_id     VARCHAR(32)  NOT NULL,
    retired_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX summary_card_retired_incident ON summary_card_retired (incident_id);
