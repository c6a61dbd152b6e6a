-- One product call at a time per containment target, across every instance sharing the database: the action about
-- to call the product (apply or undo) inserts the target's row, and whoever inserts it proceeds. A row whose action
-- is no longer EXECUTING is stale (its holder finished, or the reconciler settled it) and is taken over.
CREATE TABLE containment_claim (
    kind            VARCHAR(32)  NOT NULL,
    target          VARCHAR(512) NOT NULL,
    ref             VARCHAR(64)  NOT NULL,
    claimed_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (kind, target)
);
