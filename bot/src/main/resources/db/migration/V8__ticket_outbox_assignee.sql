-- Who a queued ticket change assigns the ticket to (an email; ServiceNow's assigned_to is looked up from it when the
-- change is sent), so /assign survives a ticketing outage and a restart like the other changes. Null: unchanged.
-- Portable SQL for H2 (embedded default) and PostgreSQL.

ALTER TABLE ticket_outbox ADD COLUMN assignee VARCHAR(320);
