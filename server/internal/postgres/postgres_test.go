package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"io/fs"
	"log/slog"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

const localAddr = "127.0.0.1:5432"

func testLogger(t *testing.T) *slog.Logger {
	return slog.New(slog.NewTextHandler(t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
}

// machineBinaries returns the machine's PostgreSQL, failing the test with
// what to install when there is none.
func machineBinaries(t *testing.T) binaries {
	t.Helper()
	found, err := findBinaries(context.Background(), os.Getenv("PATH"), debianBinGlob)
	if err != nil {
		t.Fatalf("these tests run a real PostgreSQL: %v; install it (Debian/Ubuntu: apt-get install postgresql; macOS: brew install postgresql)", err)
	}
	return found[0]
}

// requireLocalServer fails the test, saying how to start one, unless a
// PostgreSQL answers on 127.0.0.1:5432 as user postgres without a password.
func requireLocalServer(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, "postgres://postgres@"+localAddr+"/postgres?sslmode=disable")
	if err != nil {
		t.Fatalf("this test needs PostgreSQL on %s with trust auth for user postgres: %v\n"+
			"start it (Debian: pg_ctlcluster --skip-systemctl-redirect 15 main start) or install it (apt-get install postgresql)", localAddr, err)
	}
	_ = conn.Close(ctx)
}

// closedAddr returns a loopback address that nothing listens on.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

// privateDataDir returns a data dir for a private cluster that the postgres
// user can reach when the tests run as root (t.TempDir's parents are closed
// to it), removed after the test; a cluster left running fails the test.
func privateDataDir(t *testing.T) string {
	t.Helper()
	base, err := os.MkdirTemp("", "factdesk-postgres-test-")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(base, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(base, "data", "postgres")
	t.Cleanup(func() {
		pgdata := filepath.Join(dir, pgdataName)
		if _, err := os.Stat(filepath.Join(pgdata, "postmaster.pid")); err == nil {
			t.Errorf("a PostgreSQL was left running in %s; stopping it", pgdata)
			c := &cluster{dir: dir, bin: machineBinaries(t)}
			c.runAs, _ = runAccount(pgdata)
			if out, err := c.command(context.Background(), "pg_ctl", "stop", "-m", "immediate", "-D", pgdata).CombinedOutput(); err != nil {
				t.Errorf("pg_ctl stop: %v\n%s", err, out)
			}
		}
		if err := os.RemoveAll(base); err != nil {
			t.Errorf("remove %s: %v", base, err)
		}
	})
	return dir
}

// findPrivate finds a server with nothing on the local address, so that it
// starts the private cluster in dir, and closes it after the test.
func findPrivate(t *testing.T, dir string) *Server {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	srv, err := Find(ctx, Options{LocalAddr: closedAddr(t), DataDir: dir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	t.Cleanup(func() {
		if err := srv.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	})
	if srv.Source != SourcePrivate {
		t.Fatalf("Source = %q, want %q", srv.Source, SourcePrivate)
	}
	return srv
}

func connect(t *testing.T, dbURL string) *pgx.Conn {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatalf("connect to %s: %v", Redact(dbURL), err)
	}
	t.Cleanup(func() { _ = conn.Close(context.Background()) })
	return conn
}

func exec1(t *testing.T, conn *pgx.Conn, sql string, args ...any) {
	t.Helper()
	if _, err := conn.Exec(context.Background(), sql, args...); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
}

func queryString(t *testing.T, conn *pgx.Conn, sql string, args ...any) string {
	t.Helper()
	var s string
	if err := conn.QueryRow(context.Background(), sql, args...).Scan(&s); err != nil {
		t.Fatalf("%s: %v", sql, err)
	}
	return s
}

func randomName(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + hex.EncodeToString(b)
}

func TestFindUsesDatabaseURL(t *testing.T) {
	requireLocalServer(t)
	dbURL := "postgres://postgres@" + localAddr + "/postgres?sslmode=disable"
	dataDir := filepath.Join(t.TempDir(), "data")

	srv, err := Find(context.Background(), Options{DatabaseURL: dbURL, DataDir: dataDir, Logger: testLogger(t)})
	if err != nil {
		t.Fatalf("Find: %v", err)
	}
	if srv.Source != SourceDatabaseURL || srv.URL != dbURL {
		t.Errorf("got %q %q, want %q %q", srv.Source, srv.URL, SourceDatabaseURL, dbURL)
	}
	if got := queryString(t, connect(t, srv.URL), "SELECT current_database()"); got != "postgres" {
		t.Errorf("current_database() = %q", got)
	}
	if err := srv.Close(context.Background()); err != nil {
		t.Errorf("Close: %v", err)
	}
	if _, err := os.Stat(dataDir); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("data dir %s was touched: %v", dataDir, err)
	}
}

// TestFindStopsOnBadDatabaseURL checks that a DATABASE_URL that does not
// work is an error that names it without its password, even though a local
// server and PostgreSQL binaries are there to fall back on.
func TestFindStopsOnBadDatabaseURL(t *testing.T) {
	requireLocalServer(t)
	const password = "s3cretpw"
	tests := []struct {
		name, url, wantErr string
	}{
		{"nothing listens", "postgres://postgres:" + password + "@" + closedAddr(t) + "/factdesk?sslmode=disable", "connect to DATABASE_URL"},
		{"no such database", "postgres://postgres:" + password + "@" + localAddr + "/" + randomName("missing_") + "?sslmode=disable", "does not exist"},
		{"not a connection string", "postgres://postgres:" + password + "@" + "127.0.0.1:notaport/factdesk", "not a PostgreSQL connection string"},
		{"unescaped password", "postgres://postgres:" + password + "/x@127.0.0.1:1/factdesk", "DATABASE_URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dataDir := filepath.Join(t.TempDir(), "data")
			srv, err := Find(context.Background(), Options{DatabaseURL: tt.url, DataDir: dataDir, Logger: testLogger(t)})
			if err == nil {
				_ = srv.Close(context.Background())
				t.Fatalf("Find(%s) = %s server, want an error", Redact(tt.url), srv.Source)
			}
			t.Logf("error: %v", err)
			if !strings.Contains(err.Error(), "DATABASE_URL") || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("error %q does not contain DATABASE_URL and %q", err, tt.wantErr)
			}
			if strings.Contains(err.Error(), password) {
				t.Errorf("error %q shows the password", err)
			}
			if _, err := os.Stat(dataDir); !errors.Is(err, fs.ErrNotExist) {
				t.Errorf("fell through to a private cluster in %s", dataDir)
			}
		})
	}
}

func TestFindUsesLocalServerAndCreatesDatabase(t *testing.T) {
	requireLocalServer(t)
	name := randomName("factdesk_test_")
	admin := connect(t, "postgres://postgres@"+localAddr+"/postgres?sslmode=disable")
	t.Cleanup(func() { exec1(t, admin, "DROP DATABASE IF EXISTS "+pgx.Identifier{name}.Sanitize()+" WITH (FORCE)") })

	for range 2 { // creates the database, then finds it there
		srv, err := Find(context.Background(), Options{LocalAddr: localAddr, Database: name, DataDir: t.TempDir(), Logger: testLogger(t)})
		if err != nil {
			t.Fatalf("Find: %v", err)
		}
		if srv.Source != SourceLocal {
			t.Fatalf("Source = %q, want %q", srv.Source, SourceLocal)
		}
		if got := queryString(t, connect(t, srv.URL), "SELECT current_database()"); got != name {
			t.Errorf("current_database() = %q, want %q", got, name)
		}
		if err := srv.Close(context.Background()); err != nil {
			t.Errorf("Close: %v", err)
		}
	}
}

// TestPrivateClusterKeepsData starts a private cluster with the machine's
// binaries, writes a row, stops it, starts it again from the same dir and
// reads the row back.
func TestPrivateClusterKeepsData(t *testing.T) {
	machineBinaries(t)
	dir := privateDataDir(t)

	first := findPrivate(t, dir)
	conn := connect(t, first.URL)
	if got := queryString(t, conn, "SELECT current_database()"); got != DefaultDatabase {
		t.Errorf("current_database() = %q, want %q", got, DefaultDatabase)
	}
	exec1(t, conn, "CREATE TABLE claim (id int PRIMARY KEY, text text NOT NULL)")
	exec1(t, conn, "INSERT INTO claim VALUES (1, $1)", "30,000 emails are missing")
	_ = conn.Close(context.Background())
	if err := first.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if _, err := connect1(first.URL); err == nil {
		t.Fatalf("the cluster still answers after Close")
	}

	second := findPrivate(t, dir)
	if got := queryString(t, connect(t, second.URL), "SELECT text FROM claim WHERE id = 1"); got != "30,000 emails are missing" {
		t.Errorf("row after restart = %q", got)
	}
	if err := second.Close(context.Background()); err != nil {
		t.Fatalf("Close: %v", err)
	}
	if err := second.Close(context.Background()); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func connect1(dbURL string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbURL)
	if err == nil {
		_ = conn.Close(ctx)
	}
	return conn, err
}

// TestPrivateClusterAfterCrash kills the postmaster, as a crash of the
// machine would, and finds the cluster again with its committed data.
func TestPrivateClusterAfterCrash(t *testing.T) {
	machineBinaries(t)
	dir := privateDataDir(t)
	srv := findPrivate(t, dir)
	conn := connect(t, srv.URL)
	exec1(t, conn, "CREATE TABLE verdict (id int PRIMARY KEY)")
	exec1(t, conn, "INSERT INTO verdict VALUES (7)")
	_ = conn.Close(context.Background())

	pid := postmasterPID(t, dir)
	if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitGone(t, pid)

	again := findPrivate(t, dir)
	if got := queryString(t, connect(t, again.URL), "SELECT id::text FROM verdict"); got != "7" {
		t.Errorf("row after crash = %q", got)
	}
}

// TestPrivateClusterTakesOverRunningServer finds a cluster that an earlier
// run left running (it was killed before Close) and uses it as it is.
func TestPrivateClusterTakesOverRunningServer(t *testing.T) {
	machineBinaries(t)
	dir := privateDataDir(t)
	first := findPrivate(t, dir)
	pid := postmasterPID(t, dir)

	pgdata := filepath.Join(dir, pgdataName)
	if got := isPostmasterOf(pid, pgdata); got != yes {
		t.Errorf("isPostmasterOf(postmaster) = %v, want yes", got)
	}
	if got := isPostmasterOf(os.Getpid(), pgdata); got != no {
		t.Errorf("isPostmasterOf(this test) = %v, want no", got)
	}

	second := findPrivate(t, dir)
	if second.URL != first.URL {
		t.Errorf("URL = %s, want the running server's %s", Redact(second.URL), Redact(first.URL))
	}
	if got := postmasterPID(t, dir); got != pid {
		t.Errorf("postmaster pid = %d, want the running %d", got, pid)
	}
	if err := second.Close(context.Background()); err != nil {
		t.Fatal(err)
	}
}

// TestPrivateClusterStalePidFile leaves a postmaster.pid naming a live
// process of the user that runs PostgreSQL, which is what a crash and a
// reused process number make, and starts the cluster anyway.
func TestPrivateClusterStalePidFile(t *testing.T) {
	machineBinaries(t)
	dir := privateDataDir(t)
	srv := findPrivate(t, dir)
	pidFile := filepath.Join(dir, pgdataName, "postmaster.pid")
	contents, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Close(context.Background()); err != nil {
		t.Fatal(err)
	}

	sleeper := exec.Command("sleep", "300")
	if acct, _ := runAccount(filepath.Join(dir, pgdataName)); acct != nil {
		sleeper.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: acct.uid, Gid: acct.gid}}
	}
	if err := sleeper.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = sleeper.Process.Kill(); _ = sleeper.Wait() })
	lines := strings.SplitN(string(contents), "\n", 2)
	stale := strconv.Itoa(sleeper.Process.Pid) + "\n" + lines[1]
	if err := os.WriteFile(pidFile, []byte(stale), 0o600); err != nil {
		t.Fatal(err)
	}
	c := &cluster{dir: dir}
	if err := c.chown(pidFile); err != nil {
		t.Fatal(err)
	}

	again := findPrivate(t, dir)
	if got := queryString(t, connect(t, again.URL), "SELECT current_database()"); got != DefaultDatabase {
		t.Errorf("current_database() = %q", got)
	}
	if got := postmasterPID(t, dir); got == sleeper.Process.Pid {
		t.Errorf("postmaster.pid still names the sleeper")
	}
}

func postmasterPID(t *testing.T, dir string) int {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, pgdataName, "postmaster.pid"))
	if err != nil {
		t.Fatal(err)
	}
	pid, err := strconv.Atoi(strings.SplitN(string(data), "\n", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	return pid
}

// waitGone waits until process pid and its children have quit.
func waitGone(t *testing.T, pid int) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		status, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/status")
		if err != nil || strings.Contains(string(status), "State:\tZ") {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("process %d still runs", pid)
}

func TestFindSaysWhatToInstall(t *testing.T) {
	empty := t.TempDir()
	f := newFinder(Options{LocalAddr: closedAddr(t), DataDir: filepath.Join(empty, "data"), Logger: testLogger(t)},
		empty, filepath.Join(empty, "*/bin"))
	srv, err := f.find(context.Background())
	if err == nil {
		_ = srv.Close(context.Background())
		t.Fatalf("found a %s server with no PostgreSQL anywhere", srv.Source)
	}
	t.Logf("error: %v", err)
	if !errors.Is(err, ErrNotFound) {
		t.Errorf("error %v is not ErrNotFound", err)
	}
	for _, want := range []string{"DATABASE_URL", "docker compose up", "apt-get install postgresql"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error does not say %q", want)
		}
	}
}

func TestCheckReachable(t *testing.T) {
	base, err := os.MkdirTemp("", "factdesk-reach-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = os.RemoveAll(base) })
	closed := filepath.Join(base, "closed")
	open := filepath.Join(base, "open")
	for path, mode := range map[string]os.FileMode{base: 0o755, closed: 0o700, open: 0o755} {
		if err := os.MkdirAll(path, mode); err != nil {
			t.Fatal(err)
		}
		if err := os.Chmod(path, mode); err != nil {
			t.Fatal(err)
		}
	}
	stranger := &account{name: "stranger", uid: 54321, gid: 54321}

	// Above base the machine decides; only base and below are the test's.
	err = (&cluster{dir: filepath.Join(open, "postgres"), runAs: stranger}).checkReachable()
	if err != nil && strings.Contains(err.Error(), base) {
		t.Errorf("open dir: %v", err)
	}
	err = (&cluster{dir: filepath.Join(closed, "postgres"), runAs: stranger}).checkReachable()
	if err == nil || !strings.Contains(err.Error(), "chmod o+x "+closed) {
		t.Errorf("closed dir: err = %v, want one that says chmod o+x %s", err, closed)
	}
	if err := (&cluster{dir: filepath.Join(closed, "postgres")}).checkReachable(); err != nil {
		t.Errorf("running as ourselves: %v", err)
	}
}
