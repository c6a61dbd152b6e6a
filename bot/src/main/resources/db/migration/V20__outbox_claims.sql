-- Several instances may share one PostgreSQL. An outbox row (alert post or ticket change) is taken with a lease:
-- claimed_by names the instance, claimed_until is when the claim lapses. A claim is taken with a conditional UPDATE
-- (only when there is none or it lapsed), which works alike on H2 and PostgreSQL; an instance that dies mid-item
-- leaves a lapsed claim another instance takes over. Both columns are cleared when the try ends.

ALTER TABLE outbox ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
ALTER TABLE ticket_outbox ADD COLUMN claimed_by VARCHAR(64);
ALTER TABLE ticket_outbox ADD COLUMN claimed_until TIMESTAMP WITH TIME ZONE;
