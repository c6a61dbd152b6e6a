-- Which host a product reported an address, MAC or AMP connector for, so an alert that names only that identifier
-- (a Cognitive event keyed by IP) joins the host's alert thread. Written only from product-reported identifiers.

CREATE TABLE alert_host_alias (
    alias           VARCHAR(300) NOT NULL PRIMARY KEY,
    host_key        VARCHAR(300) NOT NULL,
    host_name       VARCHAR(256) NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- The kinds of event (source and threat) that have a card in a group's thread, one per line: the first event of
-- another kind on the host goes to the thread as its own card, with its buttons; NULL for groups stored before.
ALTER TABLE alert_group ADD COLUMN kinds VARCHAR(2000);
