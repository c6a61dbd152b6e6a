-- Verified containment: after a product accepts an action, irflow reads the product's own state until it confirms
-- or a deadline passes. One row per action (its reference), so a restart resumes a check in progress (or, past its
-- deadline, records it as unknown) and two instances never both follow one action (claimed_by / claimed_until).
-- Drift: what the periodic re-check found on a containment irflow holds, recorded once per drift on its ledger row.

CREATE TABLE containment_verification (
    ref             VARCHAR(64)  NOT NULL PRIMARY KEY,
    kind            VARCHAR(32)  NOT NULL,
    is_undo         BOOLEAN      NOT NULL,
    product         VARCHAR(64)  NOT NULL,
    target          VARCHAR(512) NOT NULL,
    target_label    VARCHAR(512) NOT NULL,
    room_id         VARCHAR(256) NOT NULL,
    card_message_id VARCHAR(256),
    started_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    deadline        TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts        INTEGER      NOT NULL,
    state           VARCHAR(32)  NOT NULL,
    last_seen       VARCHAR(1000),
    decided_at      TIMESTAMP WITH TIME ZONE,
    claimed_by      VARCHAR(128),
    claimed_until   TIMESTAMP WITH TIME ZONE
);

CREATE INDEX containment_verification_state ON containment_verification (state, claimed_until);

ALTER TABLE contained ADD COLUMN drift VARCHAR(1000);
ALTER TABLE contained ADD COLUMN drift_at TIMESTAMP WITH TIME ZONE;
