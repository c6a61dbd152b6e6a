-- The audit log as a hash chain (contain/AuditChain): each entry's place (seq), its predecessor's hash and its own.
-- Entries written before this migration are chained by V22_1 (a Java migration), which then makes these NOT NULL.
ALTER TABLE audit_log ADD COLUMN seq BIGINT;
ALTER TABLE audit_log ADD COLUMN prev_hash VARCHAR(64);
ALTER TABLE audit_log ADD COLUMN hash VARCHAR(64);
CREATE UNIQUE INDEX audit_log_seq ON audit_log (seq);

-- The chain's head: one row, locked (SELECT ... FOR UPDATE) by every append, so instances sharing one database
-- append one after the other; the verifier compares it with the last entry, which catches a removed last entry.
CREATE TABLE audit_chain (
    id   INTEGER PRIMARY KEY,
    seq  BIGINT      NOT NULL,
    hash VARCHAR(64) NOT NULL
);
INSERT INTO audit_chain (id, seq, hash) VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');
