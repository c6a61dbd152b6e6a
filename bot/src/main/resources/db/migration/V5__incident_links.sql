-- Open incident buttons and verdicts: the alert's title and time (the button's ref resolves to the stored alert), the
-- observables behind an investigation card's button (its ref, never the card's data), and the latest verdict on each
-- incident observable.

ALTER TABLE alert_seen ADD COLUMN title VARCHAR(500);
ALTER TABLE alert_seen ADD COLUMN alert_at TIMESTAMP WITH TIME ZONE;

ALTER TABLE incident_observable ADD COLUMN verdict VARCHAR(600);

CREATE TABLE incident_seed (
    ref             VARCHAR(64)  NOT NULL PRIMARY KEY,
    title           VARCHAR(500) NOT NULL,
    obs_type        VARCHAR(16)  NOT NULL,
    obs_value       VARCHAR(512) NOT NULL,
    verdict         VARCHAR(600),
    created_at      TIMESTAMP WITH TIME ZONE NOT NULL
);
