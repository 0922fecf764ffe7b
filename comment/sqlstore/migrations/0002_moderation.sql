-- Moderation: readers' reports, takedown requests, bans, and the audit log.
-- Times are Unix nanoseconds, NULL where the contract's time is zero.

-- One row per reader per comment, ever: the key refuses a second report.
-- closed_at is set when a decision or a takedown closes the report.
CREATE TABLE binhluan_reports (
	comment_id TEXT NOT NULL,
	reader     TEXT NOT NULL,
	reason     TEXT NOT NULL,
	note       TEXT NOT NULL,
	created_at BIGINT NOT NULL,
	closed_at  BIGINT,
	PRIMARY KEY (comment_id, reader)
);
-- A reader's reports by time, for the per-reader limit.
CREATE INDEX binhluan_reports_reader ON binhluan_reports (reader, created_at);

-- The report queue: one row per comment with open reports, kept in step
-- with binhluan_reports in the same transactions. minus_open is minus the
-- number of open reports, so that one ascending index gives the queue's
-- order (most reported, then oldest first open report, then comment ID)
-- and a page is one range of it.
CREATE TABLE binhluan_report_queue (
	comment_id TEXT PRIMARY KEY,
	minus_open INTEGER NOT NULL,
	first_at   BIGINT NOT NULL,
	last_at    BIGINT NOT NULL
);
CREATE INDEX binhluan_report_queue_order ON binhluan_report_queue (minus_open, first_at, comment_id);

CREATE TABLE binhluan_takedowns (
	id          TEXT PRIMARY KEY,
	comment_id  TEXT NOT NULL,
	source      TEXT NOT NULL,
	requester   TEXT NOT NULL,
	note        TEXT NOT NULL,
	received_at BIGINT NOT NULL,
	deadline    BIGINT NOT NULL,
	recorded_at BIGINT NOT NULL,
	recorded_by TEXT NOT NULL,
	done_at     BIGINT,
	done_by     TEXT NOT NULL
);
-- Open requests, nearest deadline first.
CREATE INDEX binhluan_takedowns_open ON binhluan_takedowns (deadline, id) WHERE done_at IS NULL;

-- A subject's bans have the levels 1, 2, …: the unique index finds them
-- by subject (for ActiveBans and for the next level) and refuses two bans
-- of one level.
CREATE TABLE binhluan_bans (
	id            TEXT PRIMARY KEY,
	subject_kind  TEXT NOT NULL,
	subject_value TEXT NOT NULL,
	shadow        INTEGER NOT NULL,
	level         INTEGER NOT NULL,
	actor         TEXT NOT NULL,
	note          TEXT NOT NULL,
	created_at    BIGINT NOT NULL,
	until_at      BIGINT,
	lifted_at     BIGINT,
	lifted_by     TEXT NOT NULL
);
CREATE UNIQUE INDEX binhluan_bans_subject ON binhluan_bans (subject_kind, subject_value, level);
CREATE INDEX binhluan_bans_created ON binhluan_bans (created_at);

-- The audit log, appended to and never changed: seq orders it, and the
-- store appends in commit order (see the package doc).
CREATE TABLE binhluan_audit (
	seq           {{serial}},
	at            BIGINT NOT NULL,
	actor         TEXT NOT NULL,
	action        TEXT NOT NULL,
	comment_id    TEXT,
	subject_kind  TEXT,
	subject_value TEXT,
	ref           TEXT NOT NULL,
	reason        TEXT NOT NULL,
	from_status   INTEGER NOT NULL,
	to_status     INTEGER NOT NULL,
	note          TEXT NOT NULL
);
CREATE INDEX binhluan_audit_comment ON binhluan_audit (comment_id, seq) WHERE comment_id IS NOT NULL;
CREATE INDEX binhluan_audit_subject ON binhluan_audit (subject_kind, subject_value, seq) WHERE subject_kind IS NOT NULL;
