package sqlstore

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/base32"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" driver
	_ "modernc.org/sqlite"             // the "sqlite" driver

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
)

// Config tunes a Store. The zero value, or a nil *Config, gives the
// defaults.
type Config struct {
	// ReplyDepth is how deep replies may go: 1 allows replies to top-level
	// comments only. Zero means comment.DefaultReplyDepth; a negative
	// value allows no replies at all.
	ReplyDepth int
	// Conns bounds the connections kept open: on PostgreSQL the whole pool
	// (DefaultPostgresConns when zero), on SQLite the readers
	// (DefaultSQLiteReaders when zero), which write through one
	// connection of their own.
	Conns int
	// Rand is where comment IDs and sort-key tiebreaks come from:
	// crypto/rand when nil. Tests may set a fixed source.
	Rand io.Reader
}

// Defaults of [Config].
const (
	DefaultPostgresConns = 10
	DefaultSQLiteReaders = 4
	// BusyTimeout is how long an SQLite write waits for another process
	// holding the database's write lock before it fails.
	BusyTimeout = 5 * time.Second
)

// Store is a [comment.Store] on SQLite or PostgreSQL. Make one with
// [Open]; it is safe for concurrent use, and several Stores, in one
// process or many, may share one database.
type Store struct {
	d     *dialect
	name  string  // the file, or the URL without password, for errors
	db    *sql.DB // writes
	read  *sql.DB // reads: a pool of its own on an SQLite file, else db
	wst   *stmts  // statements prepared on db
	rst   *stmts  // statements prepared on read
	depth int
	rand  io.Reader
}

var _ comment.Store = (*Store)(nil)

// Open opens the store at dsn, creating it and bringing its schema up to
// date as needed. A dsn starting with postgres:// or postgresql:// is a
// PostgreSQL URL, as pgx reads it; anything else is the path of an SQLite
// file, created with mode 0600 (it holds phone numbers) when missing, or
// "" or ":memory:" for a database in memory that lives as long as the
// Store. The caller closes the Store.
//
// Open fails, naming the file or server, when the file is not an SQLite
// database or is damaged, when the server cannot be reached, and, wrapping
// [ErrNewerSchema], when a newer binhluan has written the database.
func Open(ctx context.Context, dsn string, cfg *Config) (*Store, error) {
	if cfg == nil {
		cfg = &Config{}
	}
	s := &Store{depth: cfg.ReplyDepth, rand: cfg.Rand}
	switch {
	case s.depth == 0:
		s.depth = comment.DefaultReplyDepth
	case s.depth < 0:
		s.depth = 0
	}
	if s.rand == nil {
		s.rand = rand.Reader
	}
	var err error
	if strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://") {
		err = s.openPostgres(ctx, dsn, cfg.Conns)
	} else {
		err = s.openSQLite(ctx, dsn, cfg.Conns)
	}
	if err != nil {
		return nil, err
	}
	s.wst = &stmts{db: s.db}
	s.rst = s.wst
	if s.read != s.db {
		s.rst = &stmts{db: s.read}
	}
	if err := migrate(ctx, s.db, s.d); err != nil {
		s.Close()
		return nil, s.fail("migrate", err)
	}
	if err := s.prepareWrites(ctx); err != nil {
		s.Close()
		return nil, s.fail("prepare", err)
	}
	return s, nil
}

// pool opens a pool of at most conns connections, kept open, and checks
// that it reaches the database.
func (s *Store) pool(ctx context.Context, dsn string, conns int) (*sql.DB, error) {
	db, err := sql.Open(s.d.driver, dsn)
	if err != nil {
		return nil, s.fail("open", err)
	}
	db.SetMaxOpenConns(conns)
	db.SetMaxIdleConns(conns)
	db.SetConnMaxLifetime(0)
	db.SetConnMaxIdleTime(0)
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, s.fail("open", err)
	}
	return db, nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string, conns int) error {
	s.d = postgresDialect
	s.name = dsn
	if u, err := url.Parse(dsn); err == nil {
		s.name = u.Redacted()
	}
	if conns <= 0 {
		conns = DefaultPostgresConns
	}
	db, err := s.pool(ctx, dsn, conns)
	if err != nil {
		return err
	}
	s.db, s.read = db, db
	return nil
}

// The connection settings of an SQLite file; the package doc says why.
const (
	sqliteWriter = "_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)" +
		"&_pragma=journal_size_limit(67108864)&_txlock=immediate"
	sqliteReader = "_pragma=busy_timeout(5000)&_pragma=query_only(1)"
)

func (s *Store) openSQLite(ctx context.Context, path string, readers int) error {
	s.d = sqliteDialect
	if path == "" || path == ":memory:" {
		// One connection, never closed, holds the whole database.
		s.name = ":memory:"
		db, err := s.pool(ctx, ":memory:?_txlock=immediate", 1)
		if err != nil {
			return err
		}
		s.db, s.read = db, db
		return nil
	}
	s.name = path
	if strings.ContainsRune(path, '?') {
		return s.fail("open", errors.New("an SQLite path must not hold '?'"))
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return s.fail("open", err)
	}
	f.Close()
	db, err := s.pool(ctx, path+"?"+sqliteWriter, 1)
	if err != nil {
		return err
	}
	if readers <= 0 {
		readers = DefaultSQLiteReaders
	}
	read, err := s.pool(ctx, path+"?"+sqliteReader, readers)
	if err != nil {
		db.Close()
		return err
	}
	s.db, s.read = db, read
	return nil
}

// Close closes the database. Calls after it fail.
func (s *Store) Close() error {
	s.wst.close()
	s.rst.close()
	err := s.db.Close()
	if s.read != s.db {
		err = errors.Join(err, s.read.Close())
	}
	return err
}

// stmts keeps the statements prepared on one pool, so that a query is
// parsed and planned once per connection rather than at each call.
type stmts struct {
	db *sql.DB
	m  sync.Map // query → *sql.Stmt
}

func (c *stmts) get(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := c.m.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := c.db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := c.m.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (c *stmts) close() {
	c.m.Range(func(_, st any) bool {
		st.(*sql.Stmt).Close()
		return true
	})
}

// readQuery runs a query on the read pool.
func (s *Store) readQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := s.rst.get(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// readRow runs a query of one row on the read pool and scans it.
func (s *Store) readRow(ctx context.Context, query string, args []any, dest ...any) error {
	st, err := s.rst.get(ctx, query)
	if err != nil {
		return err
	}
	return st.QueryRowContext(ctx, args...).Scan(dest...)
}

// txStmt returns the statement of query for use in tx: one of those Open
// prepared, or else one prepared for tx alone. (Preparing on the pool here
// could wait forever: on SQLite tx holds its one connection.)
func (s *Store) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if st, ok := s.wst.m.Load(query); ok {
		return tx.StmtContext(ctx, st.(*sql.Stmt)), nil
	}
	return tx.PrepareContext(ctx, query)
}

// The statements of writes, prepared by Open.
const (
	selectParent = "SELECT article_id, status, depth, hidden, key_asc, key_desc FROM binhluan_comments WHERE id = $1"
	// $5, when not empty, is the reason the status must still have.
	casStatus    = "UPDATE binhluan_comments SET status = $1, reason = $2 WHERE id = $3 AND status = $4 AND ($5 = '' OR reason = $5) RETURNING key_asc"
	selectStatus = "SELECT status, reason FROM binhluan_comments WHERE id = $1"
	// The comment whose key is $2 and every reply under it, however deep.
	hideRange = "UPDATE binhluan_comments SET hidden = hidden + $1 WHERE key_asc >= $2 AND key_asc < $3"
	hideFrom  = "UPDATE binhluan_comments SET hidden = hidden + $1 WHERE key_asc >= $2"
)

func (s *Store) prepareWrites(ctx context.Context) error {
	qs := []string{selectParent + s.d.lockParent, insertComment, casStatus, selectStatus, hideRange, hideFrom}
	for _, q := range append(qs, s.moderationWrites()...) {
		if _, err := s.wst.get(ctx, q); err != nil {
			return err
		}
	}
	return nil
}

// fail wraps a database error with the store and what was being done.
func (s *Store) fail(what string, err error) error {
	return fmt.Errorf("sqlstore: %s %s: %s: %w", s.d.name, s.name, what, err)
}

// The columns of a comment, in the order scanComment reads them.
const columns = "id, article_id, parent_id, name, phone, title, content, created_at, ip, user_agent, status, spam_score, reason"

type scanner interface{ Scan(dest ...any) error }

// scanComment reads the columns, then any extra destinations.
func scanComment(sc scanner, extra ...any) (comment.Comment, error) {
	var (
		c       comment.Comment
		parent  sql.NullString
		digits  sql.NullString
		created int64
		status  int64
	)
	dest := append([]any{&c.ID, &c.ArticleID, &parent, &c.Name, &digits, &c.Title, &c.Content,
		&created, &c.IP, &c.UserAgent, &status, &c.SpamScore, &c.Reason}, extra...)
	if err := sc.Scan(dest...); err != nil {
		return comment.Comment{}, err
	}
	c.ParentID = parent.String
	if digits.Valid {
		p, err := phone.Parse(digits.String)
		if err != nil {
			return comment.Comment{}, fmt.Errorf("comment %s: stored phone number: %w", c.ID, err)
		}
		c.Phone = p
	}
	c.CreatedAt = time.Unix(0, created).In(article.Vietnam())
	c.Status = comment.Status(status)
	return c, nil
}

func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func phoneArg(p phone.Number) any {
	if p.IsZero() {
		return nil
	}
	return p.Digits()
}

// check refuses a comment no engine should be given: both would store it
// differently (SQLite keeps bytes PostgreSQL refuses), or it has no place.
// check says why the store does not take c: the rule all of binhluan's
// stores share, with the package's name on it.
func check(c comment.Comment) error {
	if err := comment.Storable(c); err != nil {
		return fmt.Errorf("sqlstore: %w", err)
	}
	return nil
}

var idEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// newID returns 128 random bits in base32: 26 characters, as
// crypto/rand.Text gives.
func (s *Store) newID() (string, error) {
	var b [16]byte
	if _, err := io.ReadFull(s.rand, b[:]); err != nil {
		return "", fmt.Errorf("sqlstore: random ID: %w", err)
	}
	return idEncoding.EncodeToString(b[:]), nil
}

// write runs fn in one transaction and commits it; any error rolls the
// whole of it back.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		_ = tx.Rollback()
		return err
	}
	return tx.Commit()
}

// storeError tells errors of the store's contract, passed on as they are,
// from database failures, wrapped with the store's name.
func (s *Store) storeError(what string, err error) error {
	var fe comment.FieldErrors
	switch {
	case err == nil:
		return nil
	case errors.Is(err, comment.ErrNotFound), errors.Is(err, comment.ErrExists),
		errors.Is(err, comment.ErrConflict), errors.Is(err, comment.ErrInvalidCursor),
		errors.Is(err, comment.ErrInvalid), errors.Is(err, comment.ErrReportLimit),
		errors.Is(err, comment.ErrUnstorable), errors.As(err, &fe):
		return err
	}
	return s.fail(what, err)
}

// Add stores a new comment; see [comment.Store.Add].
func (s *Store) Add(ctx context.Context, c comment.Comment) (comment.Comment, error) {
	var err error
	if c, err = s.prepare(c); err != nil {
		return comment.Comment{}, err
	}
	if err := s.write(ctx, func(tx *sql.Tx) error { return s.insert(ctx, tx, c) }); err != nil {
		return comment.Comment{}, s.storeError("add a comment", err)
	}
	return c, nil
}

// AddMany stores comments in one transaction, in the order given, and
// returns how many it added. A comment whose ID is already stored is
// skipped, so an import that stopped half way can be run again; any other
// failure, such as a reply to a comment that is not an approved one of its
// article, stores none of them. It is made for imports and for filling a
// database to measure it: each call costs one commit where Add costs one a
// comment.
func (s *Store) AddMany(ctx context.Context, cs []comment.Comment) (int, error) {
	added := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		added = 0
		for _, c := range cs {
			c, err := s.prepare(c)
			if err != nil {
				return err
			}
			switch err := s.insert(ctx, tx, c); {
			case errors.Is(err, comment.ErrExists):
			case err != nil:
				return fmt.Errorf("comment %s: %w", c.ID, err)
			default:
				added++
			}
		}
		return nil
	})
	if err != nil {
		return 0, s.storeError("add comments", err)
	}
	return added, nil
}

// prepare checks a comment before it is added and gives it an ID.
func (s *Store) prepare(c comment.Comment) (comment.Comment, error) {
	if err := check(c); err != nil {
		return comment.Comment{}, err
	}
	if c.ID == "" {
		id, err := s.newID()
		if err != nil {
			return comment.Comment{}, err
		}
		c.ID = id
	}
	return c, nil
}

// insert adds a prepared comment in tx, after checking its parent.
func (s *Store) insert(ctx context.Context, tx *sql.Tx, c comment.Comment) error {
	var tiebreak [8]byte
	if _, err := io.ReadFull(s.rand, tiebreak[:]); err != nil {
		return fmt.Errorf("sqlstore: random tiebreak: %w", err)
	}
	own := node(c.CreatedAt, tiebreak)
	depth, hidden := 0, 0
	keyAsc, keyDesc := own, invertTop(own)
	if c.ParentID != "" {
		var (
			articleID               string
			status, pdepth, phidden int
			parentAsc, parentDesc   []byte
		)
		st, err := s.txStmt(ctx, tx, selectParent+s.d.lockParent)
		if err != nil {
			return err
		}
		err = st.QueryRowContext(ctx, c.ParentID).Scan(&articleID, &status, &pdepth, &phidden, &parentAsc, &parentDesc)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			return replyError(comment.CodeReplyInvalid)
		case err != nil:
			return err
		case articleID != c.ArticleID || comment.Status(status) != comment.Approved:
			return replyError(comment.CodeReplyInvalid)
		case pdepth+1 > s.depth:
			return replyError(comment.CodeReplyDepth, s.depth)
		}
		depth, hidden = pdepth+1, phidden
		keyAsc = append(parentAsc[:len(parentAsc):len(parentAsc)], own...)
		keyDesc = append(parentDesc[:len(parentDesc):len(parentDesc)], own...)
	}
	if c.Status != comment.Approved {
		hidden++
	}
	st, err := s.txStmt(ctx, tx, insertComment)
	if err != nil {
		return err
	}
	res, err := st.ExecContext(ctx,
		c.ID, c.ArticleID, nullable(c.ParentID), depth, c.Name, phoneArg(c.Phone), c.Title, c.Content,
		c.CreatedAt.UnixNano(), c.IP, c.UserAgent, int(c.Status), c.SpamScore, c.Reason,
		hidden, own, keyAsc, keyDesc)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil {
		return err
	} else if n == 0 {
		return fmt.Errorf("%w: %s", comment.ErrExists, c.ID)
	}
	return nil
}

const insertComment = `INSERT INTO binhluan_comments
	(id, article_id, parent_id, depth, name, phone, title, content, created_at, ip, user_agent,
	 status, spam_score, reason, hidden, qkey, key_asc, key_desc)
	VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
	ON CONFLICT (id) DO NOTHING`

func replyError(code comment.Code, params ...any) error {
	return comment.FieldErrors{{Field: comment.FormParentID, Code: code, Params: params}}
}

// Get returns one comment; see [comment.Store.Get].
func (s *Store) Get(ctx context.Context, id string) (comment.Comment, error) {
	st, err := s.rst.get(ctx, "SELECT "+columns+" FROM binhluan_comments WHERE id = $1")
	if err != nil {
		return comment.Comment{}, s.fail("get a comment", err)
	}
	c, err := scanComment(st.QueryRowContext(ctx, id))
	if errors.Is(err, sql.ErrNoRows) {
		return comment.Comment{}, fmt.Errorf("%w: %s", comment.ErrNotFound, id)
	}
	return c, s.storeError("get a comment", err)
}

// The listing queries: $1 the article or status, $2 the number of rows,
// $3 the key of the cursor.
const (
	approvedFirst   = "SELECT " + columns + ", %[1]s FROM binhluan_comments WHERE article_id = $1 AND hidden = 0 ORDER BY %[1]s LIMIT $2"
	approvedAfter   = "SELECT " + columns + ", %[1]s FROM binhluan_comments WHERE article_id = $1 AND hidden = 0 AND %[1]s > $3 ORDER BY %[1]s LIMIT $2"
	queueFirst      = "SELECT " + columns + ", qkey FROM binhluan_comments WHERE status = $1 ORDER BY qkey %[1]s LIMIT $2"
	queueAfter      = "SELECT " + columns + ", qkey FROM binhluan_comments WHERE status = $1 AND qkey %[2]s $3 ORDER BY qkey %[1]s LIMIT $2"
	countArticle    = "SELECT COUNT(*) FROM binhluan_comments WHERE article_id = $1 AND status = $2"
	countEverywhere = "SELECT COUNT(*) FROM binhluan_comments WHERE status = $1"
)

var (
	listApproved = map[comment.Order][2]string{
		comment.Oldest: {fmt.Sprintf(approvedFirst, "key_asc"), fmt.Sprintf(approvedAfter, "key_asc")},
		comment.Newest: {fmt.Sprintf(approvedFirst, "key_desc"), fmt.Sprintf(approvedAfter, "key_desc")},
	}
	listQueue = map[comment.Order][2]string{
		comment.Oldest: {fmt.Sprintf(queueFirst, "ASC"), fmt.Sprintf(queueAfter, "ASC", ">")},
		comment.Newest: {fmt.Sprintf(queueFirst, "DESC"), fmt.Sprintf(queueAfter, "DESC", "<")},
	}
)

// ListApproved returns a page of an article's shown comments; see
// [comment.Store.ListApproved].
func (s *Store) ListApproved(ctx context.Context, articleID string, req comment.PageRequest) (comment.Page, error) {
	l := approvedOldest
	if req.Order == comment.Newest {
		l = approvedNewest
	}
	return s.page(ctx, listApproved, l, comment.Approved, articleID, req)
}

// Queue returns a page of the comments with a status; see
// [comment.Store.Queue].
func (s *Store) Queue(ctx context.Context, status comment.Status, req comment.PageRequest) (comment.Page, error) {
	l := queueOldest
	if req.Order == comment.Newest {
		l = queueNewest
	}
	return s.page(ctx, listQueue, l, status, int(status), req)
}

func (s *Store) page(ctx context.Context, queries map[comment.Order][2]string, l listing, status comment.Status, what any, req comment.PageRequest) (comment.Page, error) {
	q, ok := queries[req.Order]
	if !ok {
		return comment.Page{}, fmt.Errorf("sqlstore: unknown order %d", req.Order)
	}
	after, err := decodeCursor(req.After, l, status)
	if err != nil {
		return comment.Page{}, err
	}
	size := req.Size()
	args := []any{what, size + 1}
	query := q[0]
	if after != nil {
		query = q[1]
		args = append(args, after)
	}
	rows, err := s.readQuery(ctx, query, args...)
	if err != nil {
		return comment.Page{}, s.fail("list comments", err)
	}
	defer rows.Close()
	var (
		page comment.Page
		keys [][]byte
	)
	for rows.Next() {
		var key []byte
		c, err := scanComment(rows, &key)
		if err != nil {
			return comment.Page{}, s.fail("list comments", err)
		}
		page.Comments = append(page.Comments, c)
		keys = append(keys, key)
	}
	if err := rows.Err(); err != nil {
		return comment.Page{}, s.fail("list comments", err)
	}
	if len(page.Comments) > size {
		page.Comments = page.Comments[:size]
		page.Next = encodeCursor(l, status, keys[size-1])
	}
	return page, nil
}

// Count counts comments by article and status; see [comment.Store.Count].
func (s *Store) Count(ctx context.Context, articleID string, status comment.Status) (int, error) {
	var (
		n   int
		err error
	)
	if articleID == "" {
		err = s.readRow(ctx, countEverywhere, []any{int(status)}, &n)
	} else {
		err = s.readRow(ctx, countArticle, []any{articleID, int(status)}, &n)
	}
	if err != nil {
		return 0, s.fail("count comments", err)
	}
	return n, nil
}

// SetStatus changes a comment's status if it is still from; see
// [comment.Store.SetStatus]. It is a [Store.Decide] made now by no one: it
// closes the comment's open reports and is kept in the audit log.
func (s *Store) SetStatus(ctx context.Context, id string, from, to comment.Status, reason comment.Reason) error {
	return s.Decide(ctx, comment.Decision{CommentID: id, From: from, To: to, Reason: reason, At: time.Now()})
}

// changeStatus sets a comment's status and reason in tx if its status is
// still from, and hides or shows the replies under it as it leaves or
// reaches Approved: ErrConflict when the status is another, ErrNotFound
// when there is no such comment.
func (s *Store) changeStatus(ctx context.Context, tx *sql.Tx, id string, from, to comment.Status, fromReason, reason comment.Reason) error {
	// The condition on the old status makes this a compare-and-set: on
	// PostgreSQL a concurrent change holds the row until it commits, and
	// the condition is then checked against what it wrote.
	var key []byte
	cas, err := s.txStmt(ctx, tx, casStatus)
	if err != nil {
		return err
	}
	err = cas.QueryRowContext(ctx, int(to), reason, id, int(from), fromReason).Scan(&key)
	if errors.Is(err, sql.ErrNoRows) {
		var now int
		var nowReason string
		st, err := s.txStmt(ctx, tx, selectStatus)
		if err != nil {
			return err
		}
		switch err := st.QueryRowContext(ctx, id).Scan(&now, &nowReason); {
		case errors.Is(err, sql.ErrNoRows):
			return fmt.Errorf("%w: %s", comment.ErrNotFound, id)
		case err != nil:
			return err
		}
		if comment.Status(now) == from {
			return fmt.Errorf("%w: comment %s is %s for %q, not for %q", comment.ErrConflict, id, from, nowReason, fromReason)
		}
		return fmt.Errorf("%w: comment %s is %s, not %s", comment.ErrConflict, id, comment.Status(now), from)
	}
	if err != nil {
		return err
	}
	delta := 0
	switch {
	case from == comment.Approved && to != comment.Approved:
		delta = 1
	case from != comment.Approved && to == comment.Approved:
		delta = -1
	}
	if delta == 0 {
		return nil
	}
	query, args := hideFrom, []any{delta, key}
	if end := prefixEnd(key); end != nil {
		query, args = hideRange, append(args, end)
	}
	st, err := s.txStmt(ctx, tx, query)
	if err != nil {
		return err
	}
	_, err = st.ExecContext(ctx, args...)
	return err
}

// Export returns what was left under a phone number; see
// [comment.Store.Export].
func (s *Store) Export(ctx context.Context, number phone.Number) ([]comment.Comment, error) {
	if number.IsZero() {
		return nil, nil
	}
	rows, err := s.readQuery(ctx, "SELECT "+columns+" FROM binhluan_comments WHERE phone = $1 ORDER BY qkey", number.Digits())
	if err != nil {
		return nil, s.fail("export comments", err)
	}
	defer rows.Close()
	var out []comment.Comment
	for rows.Next() {
		c, err := scanComment(rows)
		if err != nil {
			return nil, s.fail("export comments", err)
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, s.fail("export comments", err)
	}
	return out, nil
}

// Erase removes a commenter's text and identity; see
// [comment.Store.Erase].
func (s *Store) Erase(ctx context.Context, number phone.Number) (int, error) {
	if number.IsZero() {
		return 0, nil
	}
	var n int64
	err := s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE binhluan_comments
			SET name = '', phone = NULL, title = '', content = '', ip = '', user_agent = '', erased_at = $2
			WHERE phone = $1`, number.Digits(), time.Now().UnixNano())
		if err != nil {
			return err
		}
		n, err = res.RowsAffected()
		return err
	})
	if err != nil {
		return 0, s.fail("erase comments", err)
	}
	return int(n), nil
}
