package postgres

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net"
	"net/url"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/jackc/pgx/v5"
)

// A private cluster's data dir holds:
//
//	pgdata/        the cluster (PGDATA), made by initdb
//	password       the postgres superuser's password, made before initdb
//	postgres.log   the server's log
//
// The server listens on 127.0.0.1 only, on a port free at each start, with
// no unix socket, and takes a password (scram-sha-256): other users of the
// machine cannot get in.
const (
	pgdataName   = "pgdata"
	passwordName = "password"
	logName      = "postgres.log"
	superuser    = "postgres"
	listenHost   = "127.0.0.1"
)

// cluster is a private PostgreSQL cluster that Factdesk runs.
type cluster struct {
	dir      string
	bin      binaries
	runAs    *account // who runs the binaries; nil for this process's own user
	password string
	port     int
	log      *slog.Logger
}

// account is the system user PostgreSQL runs as when Factdesk runs as root
// (PostgreSQL refuses to run as root).
type account struct {
	name     string
	uid, gid uint32
}

func (c *cluster) pgdata() string  { return filepath.Join(c.dir, pgdataName) }
func (c *cluster) logPath() string { return filepath.Join(c.dir, logName) }

func (c *cluster) url(database string) string {
	return connURL(superuser, c.password, net.JoinHostPort(listenHost, strconv.Itoa(c.port)), database,
		url.Values{"sslmode": {"disable"}})
}

func (f *finder) fromPrivateCluster(ctx context.Context) (*Server, error) {
	dir, err := filepath.Abs(f.opts.DataDir)
	if err != nil {
		return nil, fmt.Errorf("data dir %q: %w", f.opts.DataDir, err)
	}
	// pg_ctl hands these paths to a shell inside double quotes.
	if strings.ContainsAny(dir, "\"$`\\\n") {
		return nil, fmt.Errorf("data dir %q: PostgreSQL cannot be started in a path with any of \" $ ` \\ or a newline", dir)
	}

	found, err := findBinaries(ctx, f.path, f.binGlob)
	if err != nil {
		return nil, err
	}
	c := &cluster{dir: dir, log: f.log}
	clusterMajor := ""
	if v, err := os.ReadFile(filepath.Join(c.pgdata(), "PG_VERSION")); err == nil {
		clusterMajor = strings.TrimSpace(string(v))
	}
	if c.bin, err = pickBinaries(found, clusterMajor); err != nil {
		return nil, fmt.Errorf("private PostgreSQL in %s: %w", dir, err)
	}
	if c.runAs, err = runAccount(c.pgdata()); err != nil {
		return nil, err
	}
	if err := c.prepareDir(); err != nil {
		return nil, err
	}
	if clusterMajor == "" {
		if err := c.initdb(ctx); err != nil {
			return nil, err
		}
	}
	if err := c.start(ctx); err != nil {
		return nil, err
	}
	if err := createDatabase(ctx, c.url("postgres"), f.opts.Database, f.log); err != nil {
		return nil, errors.Join(err, c.stop(context.WithoutCancel(ctx)))
	}
	srv := &Server{URL: c.url(f.opts.Database), Source: SourcePrivate, cluster: c}
	f.log.Info("using PostgreSQL", "source", srv.Source, "url", Redact(srv.URL),
		"data_dir", dir, "version", c.bin.Version, "bin_dir", c.bin.Dir)
	return srv, nil
}

// runAccount says which user runs PostgreSQL: nil (ourselves) unless we are
// root; as root, the owner of an existing cluster or else the postgres
// system user.
func runAccount(pgdata string) (*account, error) {
	if os.Geteuid() != 0 {
		return nil, nil
	}
	if st, err := os.Stat(pgdata); err == nil {
		if sys, ok := st.Sys().(*syscall.Stat_t); ok && sys.Uid != 0 {
			name := strconv.Itoa(int(sys.Uid))
			if u, err := user.LookupId(name); err == nil {
				name = u.Username
			}
			return &account{name: name, uid: sys.Uid, gid: sys.Gid}, nil
		}
	}
	u, err := user.Lookup("postgres")
	if err != nil {
		return nil, fmt.Errorf("PostgreSQL refuses to run as root, and there is no postgres system user to run it as (%w): "+
			"create one (useradd --system --user-group postgres), or run Factdesk as a normal user", err)
	}
	uid, err1 := strconv.ParseUint(u.Uid, 10, 32)
	gid, err2 := strconv.ParseUint(u.Gid, 10, 32)
	if err := errors.Join(err1, err2); err != nil {
		return nil, fmt.Errorf("postgres system user: %w", err)
	}
	return &account{name: u.Username, uid: uint32(uid), gid: uint32(gid)}, nil
}

// prepareDir makes the data dir and the password, owned by the account that
// runs PostgreSQL.
func (c *cluster) prepareDir() error {
	if err := os.MkdirAll(filepath.Dir(c.dir), 0o755); err != nil {
		return fmt.Errorf("make data dir: %w", err)
	}
	if err := os.Mkdir(c.dir, 0o700); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("make data dir: %w", err)
	}
	if err := c.chown(c.dir); err != nil {
		return err
	}
	if err := c.checkReachable(); err != nil {
		return err
	}

	pwPath := filepath.Join(c.dir, passwordName)
	pw, err := os.ReadFile(pwPath)
	switch {
	case err == nil:
		c.password = strings.TrimSpace(string(pw))
	case errors.Is(err, fs.ErrNotExist):
		if _, err := os.Stat(filepath.Join(c.pgdata(), "PG_VERSION")); err == nil {
			return fmt.Errorf("private PostgreSQL in %s: the cluster has no %s file, so Factdesk cannot log in to it: "+
				"move %s away to start a new cluster", c.dir, passwordName, c.dir)
		}
		secret := make([]byte, 24)
		_, _ = rand.Read(secret) // crypto/rand.Read never fails
		c.password = hex.EncodeToString(secret)
		if err := os.WriteFile(pwPath, []byte(c.password+"\n"), 0o600); err != nil {
			return fmt.Errorf("write the cluster's password: %w", err)
		}
	default:
		return fmt.Errorf("read the cluster's password: %w", err)
	}
	if c.password == "" {
		return fmt.Errorf("private PostgreSQL in %s: %s is empty", c.dir, pwPath)
	}
	return c.chown(pwPath)
}

func (c *cluster) chown(path string) error {
	if c.runAs == nil {
		return nil
	}
	if err := os.Chown(path, int(c.runAs.uid), int(c.runAs.gid)); err != nil {
		return fmt.Errorf("give %s to the %s user that runs PostgreSQL: %w", path, c.runAs.name, err)
	}
	return nil
}

// checkReachable fails, saying what to do, when the account that runs
// PostgreSQL cannot reach the data dir (a checkout under /root, say).
func (c *cluster) checkReachable() error {
	if c.runAs == nil {
		return nil
	}
	for p := filepath.Dir(c.dir); ; p = filepath.Dir(p) {
		st, err := os.Stat(p)
		if err != nil {
			return fmt.Errorf("data dir: %w", err)
		}
		sys, ok := st.Sys().(*syscall.Stat_t)
		if !ok {
			return nil
		}
		perm := st.Mode().Perm()
		var searchable bool
		switch {
		case sys.Uid == c.runAs.uid:
			searchable = perm&0o100 != 0
		case sys.Gid == c.runAs.gid:
			searchable = perm&0o010 != 0
		default:
			searchable = perm&0o001 != 0
		}
		if !searchable {
			return fmt.Errorf("the %s user that runs PostgreSQL cannot reach the data dir %s, because it may not enter %s (mode %v): "+
				"choose a data dir it can reach, or run `chmod o+x %s`", c.runAs.name, c.dir, p, perm, p)
		}
		if p == filepath.Dir(p) {
			return nil
		}
	}
}

// command runs one of the cluster's programs as the account that runs
// PostgreSQL, with the caller's PG* variables left out so that they cannot
// redirect it.
func (c *cluster) command(ctx context.Context, program string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, c.bin.path(program), args...)
	cmd.Dir = "/" // the current directory may be closed to the postgres user
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "PG") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	if c.runAs != nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: c.runAs.uid, Gid: c.runAs.gid}}
	}
	cmd.WaitDelay = 10 * time.Second
	return cmd
}

// initdb makes a new cluster. It builds it next to its final place and
// renames it there, so that a crash half-way leaves no half-made cluster.
func (c *cluster) initdb(ctx context.Context) error {
	tmp := c.pgdata() + ".init"
	var out []byte
	var err error
	for _, locale := range []string{"C.UTF-8", "C"} {
		if err := os.RemoveAll(tmp); err != nil {
			return fmt.Errorf("remove an unfinished initdb: %w", err)
		}
		out, err = c.command(ctx, "initdb", "-D", tmp, "-U", superuser, "-E", "UTF8", "--locale="+locale,
			"--auth-local=peer", "--auth-host=scram-sha-256", "--pwfile="+filepath.Join(c.dir, passwordName)).CombinedOutput()
		if err == nil || !bytes.Contains(out, []byte("locale")) {
			break
		}
	}
	if err != nil {
		return fmt.Errorf("initdb %s (PostgreSQL %s): %w\n%s", c.pgdata(), c.bin.Version, err, bytes.TrimSpace(out))
	}
	if err := os.Rename(tmp, c.pgdata()); err != nil {
		return fmt.Errorf("initdb: %w", err)
	}
	c.log.Info("made a private PostgreSQL cluster", "data_dir", c.dir, "version", c.bin.Version)
	return nil
}

// start starts the cluster, or takes over the one an earlier run left
// running in the same data dir.
func (c *cluster) start(ctx context.Context) error {
	if ok, err := c.adopt(ctx); err != nil || ok {
		return err
	}
	const attempts = 3
	for attempt := 1; ; attempt++ {
		port, err := freePort()
		if err != nil {
			return err
		}
		logStart := fileSize(c.logPath())
		out, err := c.command(ctx, "pg_ctl", "start", "-w", "-t", "300", "-D", c.pgdata(), "-l", c.logPath(),
			"-o", fmt.Sprintf("-h %s -p %d -k ''", listenHost, port)).CombinedOutput()
		if err == nil {
			c.port = port
			return nil
		}
		logTail := readTail(c.logPath(), logStart, 20)
		// Another program may have taken the port between freePort and the start.
		if attempt < attempts && strings.Contains(logTail, "already in use") {
			continue
		}
		return fmt.Errorf("start PostgreSQL %s in %s: %w\n%s\nend of %s:\n%s",
			c.bin.Version, c.pgdata(), err, bytes.TrimSpace(out), c.logPath(), logTail)
	}
}

// adopt takes over the server that postmaster.pid names when it is this
// cluster's and answers (Factdesk was killed without stopping it). A
// postmaster.pid left by a crash is cleared out of the way: postgres itself
// replaces one whose process is gone, but refuses one whose process is a
// zombie nobody reaped, or whose number now belongs to another process of
// the same user.
func (c *cluster) adopt(ctx context.Context) (bool, error) {
	pidFile := filepath.Join(c.pgdata(), "postmaster.pid")
	data, err := os.ReadFile(pidFile)
	if errors.Is(err, fs.ErrNotExist) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("read %s: %w", pidFile, err)
	}
	lines := strings.Split(string(data), "\n")
	line := func(i int) string {
		if i < len(lines) {
			return strings.TrimSpace(lines[i])
		}
		return ""
	}
	pid, _ := strconv.Atoi(line(0))
	port, _ := strconv.Atoi(line(3))
	if pid > 0 && processGone(pid) {
		// postgres replaces the lock file of a process that is gone.
		c.log.Info("PostgreSQL did not stop cleanly last time; starting it again", "data_dir", c.dir, "old_pid", pid)
		return false, nil
	}

	if port > 0 && (line(5) == listenHost || line(5) == "*") {
		c.port = port
		probeCtx, cancel := context.WithTimeout(ctx, localProbeTimeout)
		defer cancel()
		var dataDir string
		conn, err := pgx.Connect(probeCtx, c.url("postgres"))
		if err == nil {
			err = conn.QueryRow(probeCtx, "SHOW data_directory").Scan(&dataDir)
			_ = conn.Close(probeCtx)
		}
		if err == nil && sameFile(dataDir, c.pgdata()) {
			c.log.Info("taking over the private PostgreSQL left running", "data_dir", c.dir, "pid", pid, "port", port)
			return true, nil
		}
		c.port = 0
	}

	verdict := no // a pid file without a pid is junk
	if pid > 0 {
		verdict = isPostmasterOf(pid, c.pgdata())
	}
	switch verdict {
	case yes:
		c.log.Warn("stopping the private PostgreSQL left running, which does not answer", "data_dir", c.dir, "pid", pid)
		if out, err := c.command(ctx, "pg_ctl", "stop", "-w", "-t", "120", "-m", "fast", "-D", c.pgdata()).CombinedOutput(); err != nil {
			return false, fmt.Errorf("stop the PostgreSQL (pid %d) left running in %s: %w\n%s", pid, c.pgdata(), err, bytes.TrimSpace(out))
		}
	case no:
		c.log.Warn("removing a stale postmaster.pid: its process is dead or another program's", "data_dir", c.dir, "pid", pid)
		if err := os.Remove(pidFile); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return false, fmt.Errorf("remove stale %s: %w", pidFile, err)
		}
	case unknown:
		// No /proc to tell: leave it to pg_ctl and postgres.
	}
	return false, nil
}

// stop stops the cluster if it runs.
func (c *cluster) stop(ctx context.Context) error {
	if _, err := os.Stat(filepath.Join(c.pgdata(), "postmaster.pid")); errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	out, err := c.command(ctx, "pg_ctl", "stop", "-w", "-t", "120", "-m", "fast", "-D", c.pgdata()).CombinedOutput()
	if err != nil {
		return fmt.Errorf("stop private PostgreSQL in %s: %w\n%s", c.pgdata(), err, bytes.TrimSpace(out))
	}
	c.log.Info("stopped the private PostgreSQL", "data_dir", c.dir)
	return nil
}

func freePort() (int, error) {
	l, err := net.Listen("tcp", net.JoinHostPort(listenHost, "0"))
	if err != nil {
		return 0, fmt.Errorf("find a free port: %w", err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port, nil
}

// processGone tells whether no process pid exists (a zombie, dead but not
// yet reaped, still exists: postgres refuses to replace its postmaster.pid).
func processGone(pid int) bool {
	return errors.Is(syscall.Kill(pid, 0), syscall.ESRCH)
}

type answer int

const (
	unknown answer = iota
	yes
	no
)

// isPostmasterOf tells whether process pid is a postmaster started on
// pgdata, from its command line (pg_ctl starts it as postgres -D pgdata).
func isPostmasterOf(pid int, pgdata string) answer {
	cmdline, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		if _, err := os.Stat("/proc/self/cmdline"); err != nil {
			return unknown
		}
		return no // gone since we looked
	}
	args := strings.Split(strings.TrimRight(string(cmdline), "\x00"), "\x00")
	if len(args) == 0 || filepath.Base(args[0]) != "postgres" {
		return no
	}
	for i, a := range args {
		if a == "-D" && i+1 < len(args) && sameFile(args[i+1], pgdata) {
			return yes
		}
	}
	return no
}

func sameFile(a, b string) bool {
	sa, err1 := os.Stat(a)
	sb, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(sa, sb)
}

func fileSize(path string) int64 {
	st, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return st.Size()
}

// readTail returns the last n lines written to path after offset.
func readTail(path string, offset int64, n int) string {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Sprintf("(cannot read it: %v)", err)
	}
	defer f.Close()
	if _, err := f.Seek(offset, io.SeekStart); err != nil {
		return fmt.Sprintf("(cannot read it: %v)", err)
	}
	data, _ := io.ReadAll(io.LimitReader(f, 1<<20))
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}
