// Package postgres finds the PostgreSQL server Factdesk keeps its data in,
// or starts one.
//
// The server is looked for in this order, and the log says which was used:
//
//  1. DATABASE_URL, when it is set. If it cannot be reached, Find stops with
//     its error: a named database is never silently replaced by another.
//  2. The PostgreSQL on 127.0.0.1:5432 (user postgres), where the Factdesk
//     database is created if it is missing.
//  3. A private cluster under the data dir, started with the machine's own
//     PostgreSQL binaries and stopped again by Server.Close.
//
// When none of these is possible the error says what to install or run.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
)

// Source says where a Server came from.
type Source string

const (
	// SourceDatabaseURL is the server named by DATABASE_URL.
	SourceDatabaseURL Source = "DATABASE_URL"
	// SourceLocal is the server already listening on Options.LocalAddr.
	SourceLocal Source = "local"
	// SourcePrivate is a cluster in Options.DataDir that Factdesk runs itself.
	SourcePrivate Source = "private"
)

// ErrNotFound is returned (wrapped, with what to install or run) when there
// is no PostgreSQL to use and none can be started.
var ErrNotFound = errors.New("no PostgreSQL found")

// Defaults for the zero values of Options.
const (
	DefaultLocalAddr = "127.0.0.1:5432"
	DefaultDataDir   = "data/postgres"
	DefaultDatabase  = "factdesk"
)

// How long to wait for a server that should answer at once.
const (
	localProbeTimeout = 2 * time.Second
	urlProbeTimeout   = 10 * time.Second
)

// debianBinGlob is where Debian and Ubuntu install each PostgreSQL version's
// server binaries, which are not on PATH there.
const debianBinGlob = "/usr/lib/postgresql/*/bin"

// Options say where to look. The zero value of each field means its default.
type Options struct {
	// DatabaseURL is the value of DATABASE_URL; when set it is the only
	// server tried.
	DatabaseURL string
	// LocalAddr is where a PostgreSQL already running on this machine
	// listens (default 127.0.0.1:5432). It is used as user postgres without
	// a password.
	LocalAddr string
	// DataDir holds the private cluster (default data/postgres).
	DataDir string
	// Database is the database Factdesk uses on a local or private server,
	// created when missing (default factdesk).
	Database string
	// Logger receives what was tried and what was used; nil means no log.
	Logger *slog.Logger
}

// Server is the PostgreSQL server Factdesk uses.
type Server struct {
	// URL connects to Factdesk's database (pgx and GORM take it as it is).
	// It may hold a password: log Redact(URL), never URL.
	URL string
	// Source says which of the three ways found it.
	Source Source

	cluster *cluster // the private cluster to stop on Close; nil otherwise
}

// Close stops the private cluster if this Server started it (or took over
// one that an earlier run left running) and does nothing otherwise. It is
// safe to call more than once. Stopping is not abandoned when ctx is
// cancelled, as a cluster left running would keep holding its data dir.
func (s *Server) Close(ctx context.Context) error {
	if s == nil || s.cluster == nil {
		return nil
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
	defer cancel()
	return s.cluster.stop(ctx)
}

// Find returns the PostgreSQL server to use, trying DATABASE_URL, then the
// local server, then a private cluster (see the package comment). A Server
// whose Source is SourcePrivate must be closed to stop its cluster.
func Find(ctx context.Context, opts Options) (*Server, error) {
	f := newFinder(opts, os.Getenv("PATH"), debianBinGlob)
	return f.find(ctx)
}

// finder holds one Find call's settings; the places to look for binaries
// are fields so that tests can point them elsewhere.
type finder struct {
	opts    Options
	log     *slog.Logger
	path    string // like $PATH: where to look for pg_ctl first
	binGlob string // then these directories, highest version first
}

func newFinder(opts Options, path, binGlob string) *finder {
	if opts.LocalAddr == "" {
		opts.LocalAddr = DefaultLocalAddr
	}
	if opts.DataDir == "" {
		opts.DataDir = DefaultDataDir
	}
	if opts.Database == "" {
		opts.Database = DefaultDatabase
	}
	log := opts.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &finder{opts: opts, log: log, path: path, binGlob: binGlob}
}

func (f *finder) find(ctx context.Context) (*Server, error) {
	if f.opts.DatabaseURL != "" {
		return f.fromDatabaseURL(ctx)
	}

	srv, localErr := f.fromLocal(ctx)
	if localErr == nil {
		return srv, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("find PostgreSQL: %w", err)
	}
	f.log.Info("no usable PostgreSQL at the local address, trying a private cluster",
		"addr", f.opts.LocalAddr, "reason", localErr.Error(), "data_dir", f.opts.DataDir)

	srv, err := f.fromPrivateCluster(ctx)
	if errors.Is(err, errNoBinaries) {
		return nil, fmt.Errorf("%w: DATABASE_URL is not set; nothing usable at %s (%v); and %v. "+
			"Set DATABASE_URL to a PostgreSQL server, or run Factdesk with its database by `docker compose up`, "+
			"or install PostgreSQL (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql) "+
			"so that Factdesk can start its own cluster in %s",
			ErrNotFound, f.opts.LocalAddr, localErr, err, f.opts.DataDir)
	}
	if err != nil {
		return nil, err
	}
	return srv, nil
}

// fromDatabaseURL checks that DATABASE_URL answers. Its errors never fall
// through to another server, and never show the password.
func (f *finder) fromDatabaseURL(ctx context.Context) (*Server, error) {
	dbURL := f.opts.DatabaseURL
	shown := Redact(dbURL)
	cfg, err := pgx.ParseConfig(dbURL)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL %s is not a PostgreSQL connection string: %w",
			shown, hideSecrets(err, dbURL))
	}
	ctx, cancel := context.WithTimeout(ctx, urlProbeTimeout)
	defer cancel()
	if err := ping(ctx, cfg); err != nil {
		return nil, fmt.Errorf("connect to DATABASE_URL %s: %w", shown, hideSecrets(err, dbURL))
	}
	f.log.Info("using PostgreSQL", "source", SourceDatabaseURL, "url", shown)
	return &Server{URL: dbURL, Source: SourceDatabaseURL}, nil
}

// fromLocal uses the server on LocalAddr as user postgres, creating the
// Factdesk database in it when missing.
func (f *finder) fromLocal(ctx context.Context) (*Server, error) {
	addr := f.opts.LocalAddr
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("local address %q: %w", addr, err)
	}
	probeCtx, cancel := context.WithTimeout(ctx, localProbeTimeout)
	defer cancel()
	var d net.Dialer
	c, err := d.DialContext(probeCtx, "tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("nothing listens: %w", err)
	}
	_ = c.Close()

	params := url.Values{}
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		params.Set("sslmode", "disable") // loopback traffic gains nothing from TLS
	}
	adminParams := url.Values{"connect_timeout": {strconv.Itoa(int(localProbeTimeout.Seconds()))}}
	for k, v := range params {
		adminParams[k] = v
	}
	admin := connURL("postgres", "", addr, "postgres", adminParams)
	createCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := createDatabase(createCtx, admin, f.opts.Database, f.log); err != nil {
		return nil, err
	}
	srv := &Server{URL: connURL("postgres", "", addr, f.opts.Database, params), Source: SourceLocal}
	f.log.Info("using PostgreSQL", "source", srv.Source, "url", Redact(srv.URL))
	return srv, nil
}

// connURL builds a postgres:// URL; an empty password leaves it out.
func connURL(user, password, hostPort, database string, params url.Values) string {
	u := url.URL{Scheme: "postgres", Host: hostPort, Path: "/" + database, RawQuery: params.Encode()}
	if password != "" {
		u.User = url.UserPassword(user, password)
	} else {
		u.User = url.User(user)
	}
	return u.String()
}

func ping(ctx context.Context, cfg *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	return conn.Ping(ctx)
}

// createDatabase creates database name on the server adminURL connects to,
// unless it exists already.
func createDatabase(ctx context.Context, adminURL, name string, log *slog.Logger) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connect to %s: %w", Redact(adminURL), hideSecrets(err, adminURL))
	}
	defer conn.Close(context.WithoutCancel(ctx))

	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return fmt.Errorf("look for database %q: %w", name, err)
	}
	if exists {
		return nil
	}
	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize())
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) && pgErr.Code == "42P04" { // duplicate_database: another process won the race
		return nil
	}
	if err != nil {
		return fmt.Errorf("create database %q: %w", name, err)
	}
	log.Info("created database", "database", name, "server", Redact(adminURL))
	return nil
}
