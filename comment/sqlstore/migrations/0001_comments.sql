-- Comments, one row each. Times are Unix nanoseconds. Three binary keys
-- give the orders pages are read in, so that every page is one range of
-- one index, whatever the table holds:
--   qkey      the comment's own node: its time (8 bytes, big-endian, sign
--             bit flipped) and 8 random bytes that break ties;
--   key_asc   the nodes of its thread from the top-level comment down to
--             itself: a comment sorts before its replies, replies in time
--             order, threads oldest first;
--   key_desc  key_asc with the top-level node's bits inverted: threads
--             newest first, replies still in time order.
-- hidden counts the comments from the top of the thread down to this one
-- that are not approved; a comment is shown when it is 0.
CREATE TABLE binhluan_comments (
	id         TEXT PRIMARY KEY,
	article_id TEXT NOT NULL,
	parent_id  TEXT,
	depth      INTEGER NOT NULL,
	name       TEXT NOT NULL,
	phone      TEXT,
	title      TEXT NOT NULL,
	content    TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	ip         TEXT NOT NULL,
	user_agent TEXT NOT NULL,
	status     INTEGER NOT NULL,
	spam_score DOUBLE PRECISION NOT NULL,
	reason     TEXT NOT NULL,
	erased_at  BIGINT,
	hidden     INTEGER NOT NULL,
	qkey       {{blob}} NOT NULL,
	key_asc    {{blob}} NOT NULL,
	key_desc   {{blob}} NOT NULL
);
CREATE UNIQUE INDEX binhluan_comments_thread ON binhluan_comments (key_asc);
CREATE INDEX binhluan_comments_oldest ON binhluan_comments (article_id, key_asc) WHERE hidden = 0;
CREATE INDEX binhluan_comments_newest ON binhluan_comments (article_id, key_desc) WHERE hidden = 0;
CREATE INDEX binhluan_comments_queue ON binhluan_comments (status, qkey);
CREATE INDEX binhluan_comments_count ON binhluan_comments (article_id, status);
CREATE INDEX binhluan_comments_phone ON binhluan_comments (phone) WHERE phone IS NOT NULL;
