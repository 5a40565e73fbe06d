// Package storetest gives each test its own fresh PostgreSQL database,
// cloned from a template that has every migration applied (with
// github.com/peterldowns/pgtestdb). Tests talk to a real server: with none
// reachable they fail and say how to start one.
package storetest

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"io/fs"
	"net/url"
	"os"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver pgtestdb connects with
	"github.com/peterldowns/pgtestdb"

	"github.com/factdesk/factdesk/migrations"
	"github.com/factdesk/factdesk/server/internal/store"
)

// AdminURLEnv names the variable that points the tests at another server.
const AdminURLEnv = "FACTDESK_TEST_DATABASE_URL"

const defaultAdminURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

// AdminURL is the URL of the maintenance database tests create theirs from.
func AdminURL() string {
	if u := os.Getenv(AdminURLEnv); u != "" {
		return u
	}
	return defaultAdminURL
}

// RequireServer fails the test, saying how to start one, when no
// PostgreSQL server answers.
func RequireServer(t testing.TB) {
	t.Helper()
	db, err := sql.Open("pgx", AdminURL())
	if err == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		err = db.PingContext(ctx)
		db.Close()
	}
	if err != nil {
		t.Fatalf("these tests need PostgreSQL at %s (set %s to use another): %v\n"+
			"start the machine's cluster with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start\n"+
			"or with Docker: docker compose up -d db", redact(AdminURL()), AdminURLEnv, err)
	}
}

// NewURL returns the URL of a new, migrated database that is dropped when
// the test ends.
func NewURL(t testing.TB) string {
	t.Helper()
	RequireServer(t)
	u, err := url.Parse(AdminURL())
	if err != nil {
		t.Fatalf("parse %s: %v", AdminURLEnv, err)
	}
	pw, _ := u.User.Password()
	conf := pgtestdb.Config{
		DriverName:                "pgx",
		Host:                      u.Hostname(),
		Port:                      u.Port(),
		User:                      u.User.Username(),
		Password:                  pw,
		Database:                  u.Path[1:],
		Options:                   "sslmode=disable",
		ForceTerminateConnections: true,
	}
	return pgtestdb.Custom(t, conf, migrator{}).URL()
}

// New opens a Store on a new, migrated database, closed when the test ends.
func New(t testing.TB) *store.Store {
	t.Helper()
	s, err := store.Open(context.Background(), NewURL(t), store.Options{})
	if err != nil {
		t.Fatalf("open store: %v", err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// migrator applies Factdesk's embedded migrations to pgtestdb's template.
type migrator struct{}

// Hash identifies the migrations, so the template is rebuilt when they change.
func (migrator) Hash() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(migrations.FS, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(migrations.FS, path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)), err
}

func (migrator) Migrate(ctx context.Context, db *sql.DB, _ pgtestdb.Config) error {
	return store.Migrate(ctx, db, nil)
}

func redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparseable URL)"
	}
	return u.Redacted()
}
