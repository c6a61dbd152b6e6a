-- Dry run (security.dry_run, or --dry-run on a containment command): the action goes through every step but its
-- product is never called. Stored with the action, so a restart or another instance executing it keeps it dry.
ALTER TABLE pending_action ADD COLUMN dry_run BOOLEAN DEFAULT FALSE NOT NULL;
