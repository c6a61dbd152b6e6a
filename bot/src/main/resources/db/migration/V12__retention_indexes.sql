-- The hourly retention purge (app/Retention) finds old rows by time; these keep it from scanning whole tables.
CREATE INDEX alert_seen_seen_at ON alert_seen (seen_at);
CREATE INDEX outbox_sent_created ON outbox (state, created_at);
CREATE INDEX ticket_outbox_sent ON ticket_outbox (state, sent_at);
CREATE INDEX incident_seed_created ON incident_seed (created_at);
