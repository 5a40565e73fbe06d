// Package store is the only place that speaks to PostgreSQL through GORM.
// It converts private row structs to and from factcheck's domain types,
// runs transactions, applies the embedded migrations, and keeps the events
// table: appending inside write transactions, numbering after commit, and
// reading the stream.
package store

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	neturl "net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/pressly/goose/v3"
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"github.com/factdesk/factdesk/migrations"
	"github.com/factdesk/factdesk/server/internal/factcheck"
)

// Options configure a Store.
type Options struct {
	// MaxConns bounds the connection pool.
	MaxConns int
	Logger   *slog.Logger
}

// Store reads and writes Factdesk's data.
type Store struct {
	queries
	url    string
	sqlDB  *sql.DB
	logger *slog.Logger
	// committed receives a value after every commit that appended events.
	committed chan struct{}
}

// queries are the reads and writes that work both on the store and inside
// a transaction.
type queries struct {
	db *gorm.DB
}

// Open connects to the database at url. It does not migrate.
func Open(ctx context.Context, url string, opts Options) (*Store, error) {
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	if opts.MaxConns == 0 {
		opts.MaxConns = 32
	}
	db, err := gorm.Open(postgres.New(postgres.Config{DSN: withSessionSettings(url)}), &gorm.Config{
		Logger:                 logger.Discard,
		SkipDefaultTransaction: true,
		TranslateError:         true,
		NowFunc:                func() time.Time { return time.Now().UTC() },
	})
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB, err := db.DB()
	if err != nil {
		return nil, fmt.Errorf("open database: %w", err)
	}
	sqlDB.SetMaxOpenConns(opts.MaxConns)
	sqlDB.SetMaxIdleConns(opts.MaxConns)
	sqlDB.SetConnMaxIdleTime(5 * time.Minute)
	pingCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	if err := sqlDB.PingContext(pingCtx); err != nil {
		sqlDB.Close()
		return nil, fmt.Errorf("connect to database: %w", err)
	}
	return &Store{
		queries:   queries{db: db},
		url:       url,
		sqlDB:     sqlDB,
		logger:    opts.Logger,
		committed: make(chan struct{}, 1),
	}, nil
}

// Close closes the connection pool.
func (s *Store) Close() error { return s.sqlDB.Close() }

// Ping checks that the database answers.
func (s *Store) Ping(ctx context.Context) error {
	return translate(s.sqlDB.PingContext(ctx), "database")
}

func newGoose(db *sql.DB) (*goose.Provider, error) {
	return goose.NewProvider(goose.DialectPostgres, db, migrations.FS)
}

// Migrate applies every migration not yet applied.
func (s *Store) Migrate(ctx context.Context) error {
	return Migrate(ctx, s.sqlDB, s.logger)
}

// Migrate applies every pending migration to db. Tests use it to build
// their template database.
func Migrate(ctx context.Context, db *sql.DB, logger *slog.Logger) error {
	p, err := newGoose(db)
	if err != nil {
		return fmt.Errorf("load migrations: %w", err)
	}
	results, err := p.Up(ctx)
	if err != nil {
		return fmt.Errorf("apply migrations: %w", err)
	}
	for _, r := range results {
		if logger != nil {
			logger.Info("applied migration", "file", r.Source.Path, "duration", r.Duration)
		}
	}
	return nil
}

// MigrationsCurrent reports whether every embedded migration is applied.
func (s *Store) MigrationsCurrent(ctx context.Context) (bool, error) {
	p, err := newGoose(s.sqlDB)
	if err != nil {
		return false, fmt.Errorf("load migrations: %w", err)
	}
	pending, err := p.HasPending(ctx)
	if err != nil {
		return false, translate(err, "migrations")
	}
	return !pending, nil
}

// Tx is a write transaction. Changes and the events that record them are
// written through the same Tx, so they commit or roll back together.
type Tx struct {
	queries
	appended bool
}

// Atomic runs fn in one transaction. It commits when fn returns nil and
// rolls back otherwise. A Tx that appended events wakes the live stream
// after the commit, never before.
func (s *Store) Atomic(ctx context.Context, fn func(tx *Tx) error) error {
	var t *Tx
	err := s.db.WithContext(ctx).Transaction(func(db *gorm.DB) error {
		t = &Tx{queries: queries{db: db}}
		return fn(t)
	})
	if err != nil {
		if _, ok := errors.AsType[*factcheck.Error](err); ok {
			return err
		}
		return translate(err, "record")
	}
	if t.appended {
		select {
		case s.committed <- struct{}{}:
		default:
		}
	}
	return nil
}

// Committed receives a value after commits that appended events. Only one
// reader (the live stream) should consume it.
func (s *Store) Committed() <-chan struct{} { return s.committed }

// translate turns database errors into domain errors: not found, conflict,
// unavailable. Anything else is wrapped as it is.
func translate(err error, kind string) error {
	if err == nil {
		return nil
	}
	if _, ok := errors.AsType[*factcheck.Error](err); ok {
		return err
	}
	switch {
	case errors.Is(err, gorm.ErrRecordNotFound), errors.Is(err, sql.ErrNoRows):
		return factcheck.NotFound(kind)
	case errors.Is(err, gorm.ErrDuplicatedKey):
		return &factcheck.Error{Code: factcheck.CodeConflict, Message: kind + " already exists", Err: err}
	case errors.Is(err, context.DeadlineExceeded):
		return &factcheck.Error{Code: factcheck.CodeUnavailable, Message: "the database did not answer in time", Err: err}
	}
	if pgErr, ok := errors.AsType[*pgconn.PgError](err); ok {
		switch {
		case pgErr.Code == "23505":
			return &factcheck.Error{Code: factcheck.CodeConflict, Message: kind + " already exists", Err: err}
		case pgErr.Code[:2] == "08", pgErr.Code == "57P01", pgErr.Code == "57P02", pgErr.Code == "57P03", pgErr.Code == "53300":
			return &factcheck.Error{Code: factcheck.CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
		}
		return fmt.Errorf("%s: %w", kind, err)
	}
	if _, ok := errors.AsType[*pgconn.ConnectError](err); ok {
		return &factcheck.Error{Code: factcheck.CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
	}
	// A connection that ends in the middle of an answer (the server was
	// killed or restarted: pgx reads an unexpected EOF) is the database
	// being away too, not an internal error.
	if _, ok := errors.AsType[net.Error](err); ok || errors.Is(err, sql.ErrConnDone) || errors.Is(err, driver.ErrBadConn) ||
		errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) || errors.Is(err, pgconn.ErrConnClosed) {
		return &factcheck.Error{Code: factcheck.CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
	}
	if pgconn.SafeToRetry(err) || pgconn.Timeout(err) {
		return &factcheck.Error{Code: factcheck.CodeUnavailable, Message: "the database is unavailable; try again shortly", Err: err}
	}
	return fmt.Errorf("%s: %w", kind, err)
}

// idleInTransactionTimeout ends a session that sits in a transaction
// without a word from its client for this long. Our transactions never
// wait on anything but the database, so a session idle in one has lost its
// client: a connection that went silent without being closed (a dead peer,
// a NAT that forgot it). Ending it releases its locks, the sequencer's
// among them, which would otherwise stop every event being numbered.
const idleInTransactionTimeout = "10s"

// withSessionSettings adds the settings every session of ours runs with to
// a connection string (URL or keyword/value form), unless it sets them.
func withSessionSettings(dsn string) string {
	const name = "idle_in_transaction_session_timeout"
	if strings.Contains(dsn, name) {
		return dsn
	}
	if u, err := neturl.Parse(dsn); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		q := u.Query()
		q.Set(name, idleInTransactionTimeout)
		u.RawQuery = q.Encode()
		return u.String()
	}
	return strings.TrimSpace(dsn) + " " + name + "=" + idleInTransactionTimeout
}

// isUniqueViolation reports whether err is a unique constraint refusing a
// duplicate.
func isUniqueViolation(err error) bool {
	if errors.Is(err, gorm.ErrDuplicatedKey) {
		return true
	}
	pgErr, ok := errors.AsType[*pgconn.PgError](err)
	return ok && pgErr.Code == "23505"
}

func gormExpr(sql string) any { return gorm.Expr(sql) }

// int64Array encodes ids as one Postgres array literal, so that GORM passes
// them as a single parameter instead of expanding the slice.
func int64Array(ids []int64) string {
	b := make([]byte, 0, len(ids)*8+2)
	b = append(b, '{')
	for i, id := range ids {
		if i > 0 {
			b = append(b, ',')
		}
		b = strconv.AppendInt(b, id, 10)
	}
	return string(append(b, '}'))
}

// gormDB is GORM's handle, named here so that helpers can return it inside
// the package.
type gormDB = gorm.DB

// optional is s as a nullable column: nil when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// deref is a nullable column as a string: "" for NULL.
func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
