-- One truth per host: the alert threads read and write the host store (V14: host, host_identifier) instead of their
-- own alert_host_alias table (V16), which goes. Portable SQL for H2 (embedded default) and PostgreSQL.

-- The host name as a product last spelled it ("WKS-FIN-042"; identifiers are kept lower case), shown on cards.
ALTER TABLE host ADD COLUMN name VARCHAR(256);

-- What alert_host_alias held is moved, not dropped: each reported host name becomes a host (unless an identifier
-- already names it: then its aliases join that host), with the name as its strong HOSTNAME identifier, and each
-- alias ("ip:…", "mac:…", "guid:…", lower case already) becomes an IP, MAC or AMP_CONNECTOR identifier of it.
-- An identifier the host store already has is left where it is (what investigations and containment recorded
-- stands). Two spellings of one host ("WKS-1" and "wks-1.corp.example.com") become two hosts, as the host store
-- itself would record them; a later product report with both merges them.
INSERT INTO host (first_seen, last_seen, name)
SELECT MIN(a.updated_at), MAX(a.updated_at), MAX(a.host_name) FROM alert_host_alias a
WHERE NOT EXISTS (SELECT 1 FROM host_identifier i WHERE i.identifier = LOWER(TRIM(a.host_name)))
GROUP BY LOWER(TRIM(a.host_name));

-- The hosts just inserted are the ones with a name and no identifier yet.
INSERT INTO host_identifier (identifier, kind, host_id, seen_at)
SELECT LOWER(TRIM(h.name)), 'HOSTNAME', h.id, h.last_seen FROM host h
WHERE h.name IS NOT NULL AND NOT EXISTS (SELECT 1 FROM host_identifier i WHERE i.host_id = h.id);

INSERT INTO host_identifier (identifier, kind, host_id, seen_at)
SELECT CASE WHEN a.alias LIKE 'ip:%' THEN SUBSTRING(a.alias FROM 4)
            WHEN a.alias LIKE 'mac:%' THEN SUBSTRING(a.alias FROM 5)
            ELSE SUBSTRING(a.alias FROM 6) END,
       CASE WHEN a.alias LIKE 'ip:%' THEN 'IP' WHEN a.alias LIKE 'mac:%' THEN 'MAC' ELSE 'AMP_CONNECTOR' END,
       (SELECT n.host_id FROM host_identifier n WHERE n.identifier = LOWER(TRIM(a.host_name))),
       a.updated_at
FROM alert_host_alias a
WHERE (a.alias LIKE 'ip:%' OR a.alias LIKE 'mac:%' OR a.alias LIKE 'guid:%')
  AND NOT EXISTS (SELECT 1 FROM host_identifier i WHERE i.identifier = CASE
        WHEN a.alias LIKE 'ip:%' THEN SUBSTRING(a.alias FROM 4)
        WHEN a.alias LIKE 'mac:%' THEN SUBSTRING(a.alias FROM 5)
        ELSE SUBSTRING(a.alias FROM 6) END);

DROP TABLE alert_host_alias;

-- A host's alert card first posted naming only an address, MAC or connector is replaced by one naming the host once a
-- product names it (Webex cannot edit a message with a card). host_name: the name the group's top card shows (null:
-- it names only an identifier). replaced_outbox_id: the outbox row of the top card being replaced, recorded in the
-- ingest that queues the replacement and cleared once the old card is deleted, so a restart finishes the job.
ALTER TABLE alert_group ADD COLUMN host_name VARCHAR(256);
ALTER TABLE alert_group ADD COLUMN replaced_outbox_id BIGINT;
