package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// demoPassword is the password of the seeded demo accounts in every
// database this tool creates (and drops).
const demoPassword = "load-demo-password"

// database is one fresh database on the local PostgreSQL.
type database struct {
	adminURL string
	name     string
	url      string
}

// createDatabase creates an empty database named name; the first server
// started on it applies the migrations and seeds the demo desk.
func createDatabase(ctx context.Context, adminURL, name string) (*database, error) {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return nil, fmt.Errorf("connect to PostgreSQL at %s (is it running, with trust for user postgres?): %w", adminURL, err)
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()); err != nil {
		return nil, fmt.Errorf("create database %s: %w", name, err)
	}
	u, err := url.Parse(adminURL)
	if err != nil {
		return nil, fmt.Errorf("parse %s: %w", adminURL, err)
	}
	u.Path = "/" + name
	return &database{adminURL: adminURL, name: name, url: u.String()}, nil
}

// drop removes the database, closing any connection still on it.
func (d *database) drop(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, d.adminURL)
	if err != nil {
		return err
	}
	defer conn.Close(ctx)
	_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{d.name}.Sanitize()+" WITH (FORCE)")
	return err
}

// postgresVersion returns the server's version string.
func postgresVersion(ctx context.Context, adminURL string) string {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	defer conn.Close(context.WithoutCancel(ctx))
	var v string
	if err := conn.QueryRow(ctx, "SELECT version()").Scan(&v); err != nil {
		return "unknown (" + err.Error() + ")"
	}
	return v
}

// instance is one bin/factdesk serve child process.
type instance struct {
	url     string
	pid     int
	cmd     *exec.Cmd
	logPath string
	exited  chan struct{}
	waitErr error
}

// freePort finds a free port below the kernel's ephemeral range, so that
// the thousands of client sockets opened here (whose source ports come from
// that range) cannot take it between this check and the server's listen.
func freePort() (int, error) {
	for range 100 {
		port := 20000 + rand.IntN(12000)
		ln, err := net.Listen("tcp", ":"+strconv.Itoa(port))
		if err != nil {
			continue
		}
		ln.Close()
		return port, nil
	}
	return 0, errors.New("no free port between 20000 and 32000")
}

// startServer starts bin/factdesk serve on a free port against db, pinned
// to cpu with taskset, and waits until /readyz answers 200. Its output
// goes to a log file in logDir. When another process took the port first,
// it tries another.
func startServer(ctx context.Context, bin, cpu string, db *database, logDir, name string) (*instance, error) {
	for attempt := 1; ; attempt++ {
		in, err := startServerOnce(ctx, bin, cpu, db, logDir, name)
		if err == nil || attempt == 3 {
			return in, err
		}
		if log, _ := os.ReadFile(filepath.Join(logDir, name+".log")); !strings.Contains(string(log), "address already in use") {
			return nil, err
		}
	}
}

func startServerOnce(ctx context.Context, bin, cpu string, db *database, logDir, name string) (*instance, error) {
	port, err := freePort()
	if err != nil {
		return nil, fmt.Errorf("find a free port: %w", err)
	}
	logPath := filepath.Join(logDir, name+".log")
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command("taskset", "-c", cpu, bin, "serve")
	cmd.Env = append(os.Environ(),
		"DATABASE_URL="+db.url,
		"PORT="+strconv.Itoa(port),
		"FACTDESK_DEMO_PASSWORD="+demoPassword,
		"FACTDESK_LOG_LEVEL=warn",
		"FACTDESK_LOG_FORMAT=json",
		// Every viewer is the same user: lift the per-user socket cap.
		"FACTDESK_MAX_SOCKETS_PER_USER=1000000",
	)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	// Its own process group keeps a Ctrl-C for this tool from reaching it
	// first (we stop it ourselves); it is ended if this tool dies.
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s under taskset: %w", bin, err)
	}
	// taskset execs the server in place: the child's pid is the server's.
	in := &instance{url: fmt.Sprintf("http://127.0.0.1:%d", port), pid: cmd.Process.Pid, cmd: cmd, logPath: logPath, exited: make(chan struct{})}
	go func() {
		in.waitErr = cmd.Wait()
		logFile.Close()
		close(in.exited)
	}()
	if err := in.waitReady(ctx, 90*time.Second); err != nil {
		in.stop()
		return nil, fmt.Errorf("%s did not become ready (log: %s): %w", name, logPath, err)
	}
	return in, nil
}

func (in *instance) waitReady(ctx context.Context, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	for time.Now().Before(deadline) {
		select {
		case <-in.exited:
			return fmt.Errorf("the server exited: %v", in.waitErr)
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		res, err := client.Get(in.url + "/readyz")
		if err != nil {
			continue
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode == http.StatusOK {
			return nil
		}
	}
	return errors.New("timed out")
}

// alive reports whether the server process is still running.
func (in *instance) alive() bool {
	select {
	case <-in.exited:
		return false
	default:
		return true
	}
}

// stop asks the server to shut down gracefully, and kills it if it has not
// within 20 seconds.
func (in *instance) stop() {
	if !in.alive() {
		return
	}
	in.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-in.exited:
	case <-time.After(20 * time.Second):
		in.cmd.Process.Kill()
		<-in.exited
	}
}

// rssKB returns the server's resident set size (VmRSS) in KB.
func (in *instance) rssKB() (int64, error) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", in.pid))
	if err != nil {
		return 0, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			return strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
		}
	}
	return 0, errors.New("no VmRSS in /proc/<pid>/status")
}

// metric reads one unlabelled value from the server's /metrics.
func (in *instance) metric(ctx context.Context, name string) (float64, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, in.url+"/metrics", nil)
	if err != nil {
		return 0, err
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err
	}
	defer res.Body.Close()
	sc := bufio.NewScanner(res.Body)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), name+" "); ok {
			return strconv.ParseFloat(strings.TrimSpace(rest), 64)
		}
	}
	return 0, fmt.Errorf("no metric %s", name)
}

// problems returns the server's log lines at warning level or above (at
// most limit of them) and how many there were.
func (in *instance) problems(limit int) ([]string, int) {
	f, err := os.Open(in.logPath)
	if err != nil {
		return nil, 0
	}
	defer f.Close()
	var lines []string
	n := 0
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if strings.Contains(line, `"level":"WARN"`) || strings.Contains(line, `"level":"ERROR"`) || strings.Contains(line, "panic") {
			n++
			if len(lines) < limit {
				lines = append(lines, line)
			}
		}
	}
	return lines, n
}
