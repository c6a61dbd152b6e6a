-- Which host a product reported an address, MAC or AMP connector for, so an alert that names only that identifier
-- (a Cognitive event keyed by IP) joins the host's alert thread. Written only from product-reported identifiers.

CREATE TABLE alert_host_alias (
    alias           VARCHAR(300) NOT NULL PRIMARY KEY,
    host_key        VARCHAR(300) NOT NULL,
    host_name       VARCHAR(256) NOT NULL,
    updated_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
