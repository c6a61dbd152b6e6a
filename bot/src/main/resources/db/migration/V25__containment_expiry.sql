-- Containment expiry (issue 18, section 4): a containment may be held for a while only. irflow reminds the room
-- before it ends (reminded_at: once per expiry) and undoes it when it ends, unless a responder extends it. The
-- reminder's Extend/Keep buttons carry expiry_ref, an opaque reference to the row (never the target itself).
-- pending_action.hold_seconds is the length a responder chose (--for, or the confirmation card's picker) until the
-- action runs; the contained row's expires_at is counted from when it took effect. Portable for H2 and PostgreSQL.

ALTER TABLE contained ADD COLUMN expires_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contained ADD COLUMN reminded_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE contained ADD COLUMN expiry_ref VARCHAR(64);
ALTER TABLE pending_action ADD COLUMN hold_seconds BIGINT;

CREATE INDEX contained_expires_at ON contained (expires_at);
CREATE INDEX contained_expiry_ref ON contained (expiry_ref);
