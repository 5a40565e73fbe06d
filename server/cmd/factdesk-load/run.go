package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// options are the command line.
type options struct {
	bin       string
	adminURL  string
	serverCPU string
	loadCPU   string
	outDir    string
	scenarios []string
	runs      int
	quick     bool
	keepDB    bool
	timeout   time.Duration
	perRun    time.Duration
	room      string
	build     string
}

const pinnedEnv = "FACTDESK_LOAD_PINNED"

func parseOptions(args []string, stderr io.Writer) (options, error) {
	var o options
	var scen string
	fs := flag.NewFlagSet("factdesk-load", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&o.bin, "bin", "bin/factdesk", "the server binary to measure (make build)")
	fs.StringVar(&o.adminURL, "postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "admin URL of the PostgreSQL to create the databases on")
	fs.StringVar(&o.serverCPU, "server-cpu", "0", "CPU list the servers are pinned to (taskset -c)")
	fs.StringVar(&o.loadCPU, "load-cpu", "1", "CPU list this generator pins itself to; empty: no pinning")
	fs.StringVar(&o.outDir, "out", "server/cmd/factdesk-load", "folder for results.json and RESULTS.md (results-workspace-room.json ... with -room workspace)")
	fs.StringVar(&scen, "scenarios", "all", "comma-separated scenarios: "+strings.Join(scenarioNames(), ", "))
	fs.IntVar(&o.runs, "runs", 3, "runs of each scenario; every number is reported as the median of the runs")
	fs.BoolVar(&o.quick, "quick", false, "a tenth of the viewers and posts: to try the tool, not to measure")
	fs.BoolVar(&o.keepDB, "keep-db", false, "keep the databases the runs created")
	fs.DurationVar(&o.timeout, "timeout", 120*time.Minute, "stop everything after this long")
	fs.DurationVar(&o.perRun, "run-timeout", 5*time.Minute, "give up one run of a scenario after this long")
	fs.StringVar(&o.build, "server-build", "", "what the measured binary was built from, for the report (default: its build information, else the working tree's commit)")
	fs.StringVar(&o.room, "room", "article", "the room viewers join: article (the article's, with presence) or workspace (the whole desk's, without)")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	if fs.NArg() > 0 {
		return o, fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	if o.room != "article" && o.room != "workspace" {
		return o, errors.New("-room is article or workspace")
	}
	if o.runs < 1 {
		return o, errors.New("-runs must be 1 or more")
	}
	o.scenarios = scenarioNames()
	if scen != "all" {
		o.scenarios = strings.Split(scen, ",")
		for _, name := range o.scenarios {
			if !slices.Contains(scenarioNames(), name) {
				return o, fmt.Errorf("no scenario %q; there are: %s", name, strings.Join(scenarioNames(), ", "))
			}
		}
	}
	if _, err := os.Stat(o.bin); err != nil {
		return o, fmt.Errorf("no server binary at %s (run make build): %w", o.bin, err)
	}
	return o, nil
}

func scenarioNames() []string {
	var names []string
	for _, s := range allScenarios(fullSizes()) {
		names = append(names, s.name)
	}
	return names
}

// run is the whole program: main only calls it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	o, err := parseOptions(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := pinSelf(o.loadCPU, args, getenv); err != nil {
		return err
	}
	if err := raiseOpenFileLimit(12000); err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	logDir, err := os.MkdirTemp("", "factdesk-load-")
	if err != nil {
		return err
	}
	// Measure a copy, so that a rebuild of bin/factdesk meanwhile cannot
	// mix two builds in one report.
	measured := filepath.Join(logDir, "factdesk")
	if err := copyFile(o.bin, measured); err != nil {
		return err
	}
	o.bin = measured
	b := &bench{opts: o, logDir: logDir, progress: stdout, runID: strconv.FormatInt(time.Now().Unix(), 36)}
	b.logf("server logs in %s; servers on CPU %s, this generator on CPU %s", logDir, o.serverCPU, o.loadCPU)

	z := fullSizes()
	if o.quick {
		z = quickSizes()
	}
	rep := newReport(ctx, o, args)
	for _, sc := range allScenarios(z) {
		if !slices.Contains(o.scenarios, sc.name) {
			continue
		}
		rep.add(runScenario(ctx, b, sc))
		if err := rep.write(o.outDir); err != nil {
			return err
		}
		if ctx.Err() != nil {
			return fmt.Errorf("stopped: %w", ctx.Err())
		}
	}
	rep.finish()
	if err := rep.write(o.outDir); err != nil {
		return err
	}
	jsonName, mdName := outputNames(o.room)
	fmt.Fprintf(stdout, "\n%s\nWrote %s and %s\n", rep.targetTable(), filepath.Join(o.outDir, jsonName), filepath.Join(o.outDir, mdName))
	return nil
}

// runScenario runs one scenario o.runs times.
func runScenario(ctx context.Context, b *bench, sc scenario) scenarioResult {
	res := scenarioResult{Name: sc.name, About: sc.about}
	for i := range b.opts.runs {
		if ctx.Err() != nil {
			break
		}
		b.logf("%s: run %d of %d (load average %s)", sc.name, i+1, b.opts.runs, loadAverage())
		s := newSample()
		load := loadAverage()
		begin := time.Now()
		runCtx, cancel := context.WithTimeout(ctx, b.opts.perRun)
		err := sc.run(runCtx, b, s)
		cancel()
		if err != nil {
			s.note("RUN FAILED: %v", err)
			b.logf("%s: run %d FAILED: %v", sc.name, i+1, err)
		}
		s.note("load average before / after: %s / %s; took %s", load, loadAverage(), time.Since(begin).Round(time.Second))
		for _, name := range s.names {
			if isHeadline(name) {
				b.logf("  %s = %.2f", name, s.values[name])
			}
		}
		res.samples = append(res.samples, s)
	}
	return res
}

// isHeadline says which numbers are worth printing while running.
func isHeadline(name string) bool {
	for _, suffix := range []string{"p99_ms", "_drops", "per_s", "per_connection_kb", "all_back_s", "missing_events", "change_pct", "close_code"} {
		if strings.HasSuffix(name, suffix) {
			return true
		}
	}
	return false
}

// pinSelf re-executes this program under taskset -c cpu (once), so that
// the Go runtime sizes itself for that CPU from the start.
func pinSelf(cpu string, args []string, getenv func(string) string) error {
	if cpu == "" || getenv(pinnedEnv) == cpu {
		return nil
	}
	taskset, err := exec.LookPath("taskset")
	if err != nil {
		return fmt.Errorf("taskset (util-linux) is needed to pin the generator and the server to different cores: %w", err)
	}
	exe, err := os.Executable()
	if err != nil {
		return err
	}
	argv := append([]string{"taskset", "-c", cpu, exe}, args...)
	return syscall.Exec(taskset, argv, append(os.Environ(), pinnedEnv+"="+cpu))
}

// raiseOpenFileLimit lifts the soft limit on open files to the hard one
// (the servers started from here inherit it) and checks it is at least
// need.
func raiseOpenFileLimit(need uint64) error {
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	lim.Cur = lim.Max
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		return err
	}
	if lim.Cur < need {
		return fmt.Errorf("the open-file limit is %d; 10,000 websockets need at least %d (raise the hard limit: ulimit -Hn)", lim.Cur, need)
	}
	return nil
}

func copyFile(from, to string) error {
	b, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	return os.WriteFile(to, b, 0o755)
}

func loadAverage() string {
	b, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "?"
	}
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}
