-- An alert post whose last try failed after reaching Webex (a 5xx, no answer) may be in the room already; Webex gives
-- a bot no way to check its own messages in a group room, so the re-sent copy says it is one. Portable for H2 and
-- PostgreSQL.

ALTER TABLE outbox ADD COLUMN maybe_posted BOOLEAN DEFAULT FALSE NOT NULL;
