-- Group updates merge into their pending threaded post by group key; without an index each merge scans the outbox.
CREATE INDEX outbox_group ON outbox (group_key, thread_of_group, state);
