-- Before this version the search index took in every published document, whatever its 公开方式:
-- the titles and text of documents 依申请公开 or 不予公开 could be found through the public
-- search (issue 15). The indexer now applies the one rule of what the public may see; an event
-- for each such document makes every node's follower take it out of an index built before,
-- with no manual reindex.
INSERT INTO outbox (kind, entity_id, site_id, created_at)
SELECT 'document.changed', id, NULL, CAST(strftime('%s', 'now') AS INTEGER) * 1000
FROM documents
WHERE state = 'published' AND disclosure <> 'proactive'
ORDER BY id;
