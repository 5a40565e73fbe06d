package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	iofs "io/fs"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"

	"github.com/factdesk/factdesk/frontend"
	"github.com/factdesk/factdesk/server/internal/config"
	"github.com/factdesk/factdesk/server/internal/factcheck"
	"github.com/factdesk/factdesk/server/internal/httpapi"
	"github.com/factdesk/factdesk/server/internal/ingest"
	"github.com/factdesk/factdesk/server/internal/live"
	"github.com/factdesk/factdesk/server/internal/postgres"
	"github.com/factdesk/factdesk/server/internal/service"
	"github.com/factdesk/factdesk/server/internal/store"
)

const usage = `Factdesk: real-time fact-check annotation for newsrooms.

Usage:
  factdesk serve                 serve the app and API (the default command)
  factdesk migrate               apply database migrations, then exit
  factdesk user add --email E --name N --workspace SLUG --role ROLE
                                 add a user (password read from a prompt or stdin)
  factdesk user disable --email E
                                 stop a user from logging in; closes their connections

Run "factdesk serve --help" for the configuration variables.
`

// run is the whole program: main only calls it. Every dependency is built
// here from args and getenv and passed down, so tests can run the real
// server in-process.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	cmd := "serve"
	if len(args) > 0 {
		cmd, args = args[0], args[1:]
	}
	switch cmd {
	case "serve":
		return serve(ctx, args, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, args, getenv, stdout, stderr)
	case "user":
		return user(ctx, args, getenv, stdin, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return fmt.Errorf("unknown command %q", cmd)
}

// newFlagSet returns the flags of a subcommand; its help lists every
// configuration variable.
func newFlagSet(name string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stdout, "Usage: factdesk %s\n\nConfiguration, from the environment:\n\n", name)
		config.PrintHelp(stdout)
		fs.SetOutput(stdout)
		fs.PrintDefaults()
	}
	return fs
}

func newLogger(cfg config.Config, w io.Writer) *slog.Logger {
	opts := &slog.HandlerOptions{Level: cfg.LogLevel}
	if cfg.LogFormat == "text" {
		return slog.New(slog.NewTextHandler(w, opts))
	}
	return slog.New(slog.NewJSONHandler(w, opts))
}

func loadConfig(fs *flag.FlagSet, args []string, getenv func(string) string, stderr io.Writer) (config.Config, *slog.Logger, error) {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return config.Config{}, nil, errHelp
		}
		return config.Config{}, nil, err
	}
	cfg, err := config.Load(getenv)
	if err != nil {
		return config.Config{}, nil, err
	}
	return cfg, newLogger(cfg, stderr), nil
}

var errHelp = errors.New("help shown")

// openDatabase finds PostgreSQL, opens the store and applies migrations.
func openDatabase(ctx context.Context, cfg config.Config, logger *slog.Logger) (*store.Store, *postgres.Server, error) {
	pg, err := postgres.Find(ctx, postgres.Options{
		DatabaseURL: cfg.DatabaseURL, LocalAddr: cfg.LocalPostgres,
		DataDir: filepath.Join(cfg.DataDir, "postgres"), Logger: logger,
	})
	if err != nil {
		return nil, nil, err
	}
	st, err := store.Open(ctx, pg.URL, store.Options{Logger: logger})
	if err != nil {
		pg.Close(ctx)
		return nil, nil, err
	}
	if err := st.Migrate(ctx); err != nil {
		st.Close()
		pg.Close(ctx)
		return nil, nil, err
	}
	return st, pg, nil
}

// openService opens the database and the service for a one-off command;
// closeAll releases them.
func openService(ctx context.Context, cfg config.Config, logger *slog.Logger) (svc *service.Service, closeAll func(), err error) {
	st, pg, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return nil, nil, err
	}
	closeAll = func() {
		st.Close()
		pg.Close(context.WithoutCancel(ctx))
	}
	if svc, err = service.New(st, service.Options{Logger: logger}); err != nil {
		closeAll()
		return nil, nil, err
	}
	return svc, closeAll, nil
}

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stdout, stderr)
	cfg, logger, err := loadConfig(fs, args, getenv, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	st, pg, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer func() {
		if err := pg.Close(context.WithoutCancel(ctx)); err != nil {
			logger.Error("stop private PostgreSQL", "err", err)
		}
	}()
	defer st.Close()

	fetcher := ingest.NewFetcher(ingest.FetchOptions{Timeout: cfg.ImportTimeout, AllowPrivate: cfg.ImportAllowPrivate,
		UserAgent: "Factdesk (+https://github.com/factdesk/factdesk)"})
	svc, err := service.New(st, service.Options{SessionTTL: cfg.SessionTTL, Fetcher: fetcher, Logger: logger})
	if err != nil {
		return err
	}
	if cfg.SeedDemo {
		logins, err := svc.SeedDemo(ctx, cfg.DemoPassword)
		if err != nil {
			return err
		}
		printDemoLogins(stdout, logins)
	}

	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	cursor, err := st.LatestSeq(ctx)
	if err != nil {
		return err
	}
	hub := live.NewHub(cursor, live.NewMetrics(reg))
	hub.LimitSocketsPerUser(cfg.MaxSocketsPerUser)
	streamCtx, stopStream := context.WithCancel(context.WithoutCancel(ctx))
	defer stopStream()
	stream := live.NewStream(st, hub, logger)
	streamDone := make(chan struct{})
	go func() { stream.Run(streamCtx); close(streamDone) }()

	app, err := iofs.Sub(frontend.Dist, "dist")
	if err != nil {
		return err
	}
	go removeExpiredSessions(streamCtx, st, logger)

	origins := httpapi.NewOriginPolicy(cfg.PublicURL, cfg.AllowedOrigins)
	endpoint := live.NewEndpoint(streamCtx, hub, svc, st, origins.Allows, logger)
	handler, err := httpapi.New(httpapi.Deps{
		Service: svc, Live: endpoint, Hub: hub, Frontend: app,
		Ready: func(ctx context.Context) error {
			if err := st.Ping(ctx); err != nil {
				return err
			}
			current, err := st.MigrationsCurrent(ctx)
			if err != nil {
				return err
			}
			if !current {
				return factcheck.Errorf(factcheck.CodeUnavailable, "database migrations are not current")
			}
			return nil
		},
		Registry: reg, Gatherer: reg, Logger: logger,
		MaxBodyBytes: cfg.MaxBodyBytes, RequestTimeout: cfg.RequestTimeout, SecureCookies: cfg.SecureCookies(), Origins: origins, PublicURL: publicURL(cfg),
		TrustedProxies: cfg.TrustedProxies, MetricsToken: cfg.MetricsToken, UnsafeMarkdown: cfg.TestUnsafeMarkdown,
	})
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", ":"+strconv.Itoa(cfg.Port))
	if err != nil {
		return fmt.Errorf("listen on port %d: %w", cfg.Port, err)
	}
	// Slow clients cannot hold connections: the headers must arrive within
	// ReadHeaderTimeout and the whole request within ReadTimeout, and an
	// idle keep-alive connection is closed after IdleTimeout (longer than
	// the usual load balancer's 60 s, so that the balancer closes first).
	// There is no WriteTimeout: it would cut the live websockets, whose
	// writer sets a deadline on every write instead (and whose reader lives
	// by its pong deadline; a hijacked connection drops the server's).
	srv := &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: cfg.ReadHeaderTimeout,
		ReadTimeout:       cfg.ReadTimeout,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	port := ln.Addr().(*net.TCPAddr).Port
	logger.Info("serving", "addr", ln.Addr().String(), "url", fmt.Sprintf("http://localhost:%d", port))
	fmt.Fprintf(stdout, "Factdesk is running at http://localhost:%d (Ctrl-C to stop)\n", port)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	// Graceful shutdown: websockets close with "going away", requests in
	// flight finish, then the stream, the pool and a private cluster stop.
	logger.Info("shutting down")
	hub.Shutdown()
	shutdownCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		logger.Warn("requests still running at shutdown timeout", "err", err)
	}
	stopStream()
	<-streamDone
	logger.Info("stopped")
	return nil
}

func printDemoLogins(w io.Writer, logins []service.DemoLogin) {
	if len(logins) == 0 {
		return
	}
	fmt.Fprintln(w, "")
	fmt.Fprintln(w, "Created the demo workspace \"Demo desk\". Its logins (shown only this once):")
	for _, l := range logins {
		fmt.Fprintf(w, "  %-8s %-28s password: %s\n", l.Role, l.Email, l.Password)
	}
	fmt.Fprintln(w, "")
}

func migrate(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := newFlagSet("migrate", stdout, stderr)
	cfg, logger, err := loadConfig(fs, args, getenv, stderr)
	if errors.Is(err, errHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	st, pg, err := openDatabase(ctx, cfg, logger)
	if err != nil {
		return err
	}
	defer pg.Close(context.WithoutCancel(ctx))
	defer st.Close()
	fmt.Fprintln(stdout, "The database schema is current.")
	return nil
}

// removeExpiredSessions deletes expired sessions once an hour. They are
// refused anyway; this only keeps the table small.
func removeExpiredSessions(ctx context.Context, st *store.Store, logger *slog.Logger) {
	tick := time.NewTicker(time.Hour)
	defer tick.Stop()
	for {
		if n, err := st.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
			logger.Warn("remove expired sessions", "err", err)
		} else if n > 0 {
			logger.Info("removed expired sessions", "count", n)
		}
		select {
		case <-ctx.Done():
			return
		case <-tick.C:
		}
	}
}

func publicURL(cfg config.Config) string {
	if cfg.PublicURL == nil {
		return ""
	}
	return cfg.PublicURL.String()
}
