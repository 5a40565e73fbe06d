package main

import (
	"bufio"
	"cmp"
	"context"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// scenarioResult is every run of one scenario.
type scenarioResult struct {
	Name    string
	About   string
	samples []*sample
}

// metricJSON is one number: the median of the runs, and each run's value.
type metricJSON struct {
	Name   string     `json:"name"`
	Median *float64   `json:"median"`
	Runs   []*float64 `json:"runs"`
}

type scenarioJSON struct {
	Name    string       `json:"name"`
	About   string       `json:"about"`
	Metrics []metricJSON `json:"metrics"`
	Notes   []string     `json:"notes"`
}

type targetJSON struct {
	Scenario string     `json:"scenario"`
	Metric   string     `json:"metric"`
	Target   string     `json:"target"`
	Median   *float64   `json:"median"`
	Runs     []*float64 `json:"runs"`
	Met      *bool      `json:"met"`
}

type machineJSON struct {
	CPUs            int    `json:"nproc"`
	CPUModel        string `json:"cpuModel"`
	MemoryKB        int64  `json:"memoryKB"`
	Kernel          string `json:"kernel"`
	Go              string `json:"go"`
	Postgres        string `json:"postgres"`
	ServerBuild     string `json:"serverBuild"`
	ServerCPU       string `json:"serverCPU"`
	GeneratorCPU    string `json:"generatorCPU"`
	LoadAverageInit string `json:"loadAverageAtStart"`
	LoadAverageEnd  string `json:"loadAverageAtEnd,omitempty"`
}

// outputNames are the report's file names: results.json and RESULTS.md
// for viewers in the article's room, with a suffix for another room.
func outputNames(room string) (jsonName, mdName string) {
	if room == "article" {
		return "results.json", "RESULTS.md"
	}
	return "results-" + room + "-room.json", "RESULTS-" + room + "-room.md"
}

// report is results.json and RESULTS.md.
type report struct {
	Command    string         `json:"command"`
	Room       string         `json:"viewersRoom"`
	StartedAt  time.Time      `json:"startedAt"`
	FinishedAt *time.Time     `json:"finishedAt,omitempty"`
	Runs       int            `json:"runsPerScenario"`
	Quick      bool           `json:"quick"`
	Machine    machineJSON    `json:"machine"`
	Targets    []targetJSON   `json:"targets"`
	Scenarios  []scenarioJSON `json:"scenarios"`
	results    []scenarioResult
}

func newReport(ctx context.Context, o options, args []string) *report {
	return &report{
		Command:   strings.TrimSpace("factdesk-load " + strings.Join(args, " ")),
		StartedAt: time.Now().UTC().Truncate(time.Second), Runs: o.runs, Quick: o.quick, Room: o.room,
		Machine: machineJSON{CPUs: cpuCount(), CPUModel: cpuModel(), MemoryKB: memTotalKB(), Kernel: kernel(),
			Go: runtime.Version(), Postgres: postgresVersion(ctx, o.adminURL), ServerBuild: cmp.Or(o.build, serverBuild(o.bin)), ServerCPU: o.serverCPU, GeneratorCPU: o.loadCPU,
			LoadAverageInit: loadAverage()},
	}
}

func (r *report) add(res scenarioResult) {
	r.results = append(r.results, res)
	r.Scenarios = append(r.Scenarios, res.toJSON())
	r.Targets = r.targets()
}

func (r *report) finish() {
	now := time.Now().UTC().Truncate(time.Second)
	r.FinishedAt = &now
	r.Machine.LoadAverageEnd = loadAverage()
}

func (r *report) write(dir string) error {
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return err
	}
	jsonName, mdName := outputNames(r.Room)
	if err := os.WriteFile(filepath.Join(dir, jsonName), append(b, '\n'), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, mdName), []byte(r.markdown()), 0o644)
}

func number(v float64) *float64 {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	v = math.Round(v*1000) / 1000
	return &v
}

// values returns a metric's value in every run (NaN where a run lacks it)
// and their median.
func (res scenarioResult) values(name string) ([]float64, float64) {
	var runs []float64
	for _, s := range res.samples {
		v, ok := s.values[name]
		if !ok {
			v = math.NaN()
		}
		runs = append(runs, v)
	}
	return runs, median(runs)
}

func (res scenarioResult) names() []string {
	var names []string
	seen := map[string]bool{}
	for _, s := range res.samples {
		for _, n := range s.names {
			if !seen[n] {
				seen[n] = true
				names = append(names, n)
			}
		}
	}
	return names
}

func (res scenarioResult) toJSON() scenarioJSON {
	out := scenarioJSON{Name: res.Name, About: res.About, Notes: []string{}}
	for _, name := range res.names() {
		runs, med := res.values(name)
		m := metricJSON{Name: name, Median: number(med)}
		for _, v := range runs {
			m.Runs = append(m.Runs, number(v))
		}
		out.Metrics = append(out.Metrics, m)
	}
	for i, s := range res.samples {
		for _, n := range s.notes {
			out.Notes = append(out.Notes, fmt.Sprintf("run %d: %s", i+1, n))
		}
	}
	return out
}

// target is one line of issue 4's table, as a test on a metric's median.
type target struct {
	scenario, metric, text string
	ok                     func(float64) bool
}

func atMost(limit float64) func(float64) bool  { return func(v float64) bool { return v <= limit } }
func atLeast(limit float64) func(float64) bool { return func(v float64) bool { return v >= limit } }
func below(limit float64) func(float64) bool   { return func(v float64) bool { return v < limit } }

func issueTargets() []target {
	return []target{
		{"idle", "rss_per_connection_kb", "10,000 idle websockets: <= 14 KB server RSS per connection", atMost(14)},
		{"fanout-100", "fanout_delivery_p99_ms", "100 viewers: p99 <= 20 ms (every delivery)", atMost(20)},
		{"fanout-100", "fanout_last_viewer_p99_ms", "100 viewers: p99 <= 20 ms (to the last viewer of each post)", atMost(20)},
		{"fanout-100", "fanout_drops", "100 viewers: no drops", atMost(0)},
		{"fanout-1000", "fanout_delivery_p99_ms", "1,000 viewers: p99 <= 50 ms (every delivery)", atMost(50)},
		{"fanout-1000", "fanout_last_viewer_p99_ms", "1,000 viewers: p99 <= 50 ms (to the last viewer of each post)", atMost(50)},
		{"fanout-1000", "fanout_drops", "1,000 viewers: no drops", atMost(0)},
		{"fanout-5000", "fanout_delivery_p99_ms", "5,000 viewers: p99 <= 150 ms (every delivery)", atMost(150)},
		{"fanout-5000", "fanout_last_viewer_p99_ms", "5,000 viewers: p99 <= 150 ms (to the last viewer of each post)", atMost(150)},
		{"fanout-5000", "fanout_drops", "5,000 viewers: no drops", atMost(0)},
		{"sustained", "steady_deliveries_per_s", "1,000 viewers, 25 posts/s: >= 25,000 deliveries/s", atLeast(25000)},
		{"sustained", "steady_delivery_p99_ms", "1,000 viewers, 25 posts/s: p99 <= 100 ms", atMost(100)},
		{"sustained", "steady_drops", "1,000 viewers, 25 posts/s: no drops", atMost(0)},
		{"sustained", "stall_p99_change_pct", "one stalled viewer moves the others' p99 by < 10%", below(10)},
		{"rest-create", "creates_per_s", "REST create, each with its event: >= 2,000 annotations/s", atLeast(2000)},
		{"rest-create", "create_post_p99_ms", "REST create: p99 <= 20 ms", atMost(20)},
		{"two-instances", "added_delivery_p99_ms", "writer on A, viewers on B: <= 5 ms added to p99", atMost(5)},
		{"drop-all", "all_back_s", "10,000 viewers dropped at once: all back with their missed events within 10 s", atMost(10)},
		{"drop-all", "missing_events", "10,000 viewers dropped at once: no missed event lost", atMost(0)},
	}
}

func (r *report) targets() []targetJSON {
	out := []targetJSON{}
	for _, t := range issueTargets() {
		for _, res := range r.results {
			if res.Name != t.scenario {
				continue
			}
			runs, med := res.values(t.metric)
			tj := targetJSON{Scenario: t.scenario, Metric: t.metric, Target: t.text, Median: number(med)}
			for _, v := range runs {
				tj.Runs = append(tj.Runs, number(v))
			}
			if !math.IsNaN(med) {
				met := t.ok(med)
				tj.Met = &met
			}
			out = append(out, tj)
		}
	}
	return out
}

func show(v *float64) string {
	if v == nil {
		return "–"
	}
	switch a := math.Abs(*v); {
	case a >= 1000:
		return fmt.Sprintf("%.0f", *v)
	case a >= 100:
		return fmt.Sprintf("%.1f", *v)
	default:
		return fmt.Sprintf("%.2f", *v)
	}
}

func showRuns(runs []*float64) string {
	var parts []string
	for _, v := range runs {
		parts = append(parts, show(v))
	}
	return strings.Join(parts, ", ")
}

func (r *report) targetTable() string {
	var b strings.Builder
	fmt.Fprintf(&b, "| scenario | target | measured (median of %d) | runs | met |\n|---|---|---|---|---|\n", r.Runs)
	for _, t := range r.Targets {
		met := "**not measured**: the runs failed (see the notes)"
		if t.Met != nil {
			met = map[bool]string{true: "met", false: "**missed**"}[*t.Met]
		}
		fmt.Fprintf(&b, "| %s | %s | %s | %s | %s |\n", t.Scenario, t.Target, show(t.Median), showRuns(t.Runs), met)
	}
	return b.String()
}

func (r *report) markdown() string {
	var b strings.Builder
	m := r.Machine
	jsonName, _ := outputNames(r.Room)
	b.WriteString("# Factdesk load benchmark: results\n\n")
	fmt.Fprintf(&b, "Written by `%s` (server/cmd/factdesk-load), started %s", r.Command, r.StartedAt.Format(time.RFC3339))
	if r.FinishedAt != nil {
		fmt.Fprintf(&b, ", finished %s", r.FinishedAt.Format(time.RFC3339))
	}
	b.WriteString(".")
	if r.Quick {
		b.WriteString(" **Quick run: a tenth of the viewers and posts; not a measurement.**")
	}
	fmt.Fprintf(&b, "\nEvery number is the median of %d runs; each run has a fresh database and fresh server processes. The raw values are in `%s`.\n\n", r.Runs, jsonName)
	fmt.Fprintf(&b, "Machine: %d CPUs (%s), %.1f GiB memory, Linux %s, %s, %s; server binary: %s. ", m.CPUs, m.CPUModel, float64(m.MemoryKB)/(1<<20), m.Kernel, m.Go, m.Postgres, m.ServerBuild)
	fmt.Fprintf(&b, "The servers ran pinned to CPU %s and the generator to CPU %s (taskset); PostgreSQL ran on the same machine, unpinned, on both. ", m.ServerCPU, m.GeneratorCPU)
	fmt.Fprintf(&b, "Load average at the start: %s", m.LoadAverageInit)
	if m.LoadAverageEnd != "" {
		fmt.Fprintf(&b, "; at the end: %s", m.LoadAverageEnd)
	}
	b.WriteString(" (each run's is in its notes below).\n\n")
	if r.Room == "article" {
		b.WriteString("Viewers subscribe to the article's room (`article:<id>`), as a browser showing the article does; the server also sends that room its presence (who is in it) whenever someone joins or leaves.\n\n")
	} else {
		fmt.Fprintf(&b, "Viewers subscribe to the %s's room (`-room %s`) rather than the article's: every event of the desk, and no presence messages.\n\n", r.Room, r.Room)
	}
	b.WriteString("Latencies are from the start of the POST to the receipt of the event by a viewer, as this generator saw them: they include the generator's own delay in reading thousands of sockets on one core. \"every delivery\" is the distribution over all (post, viewer) pairs; \"last viewer\" is the distribution over posts of the time until the slowest viewer had it.\n\n")
	b.WriteString("## Targets (issue 4)\n\n")
	b.WriteString(r.targetTable())
	b.WriteString("\n## Every number\n")
	for _, sc := range r.Scenarios {
		fmt.Fprintf(&b, "\n### %s\n\n%s.\n\n| metric | median | runs |\n|---|---|---|\n", sc.Name, sc.About)
		for _, mt := range sc.Metrics {
			fmt.Fprintf(&b, "| %s | %s | %s |\n", mt.Name, show(mt.Median), showRuns(mt.Runs))
		}
		if len(sc.Notes) > 0 {
			b.WriteString("\n")
			for _, n := range sc.Notes {
				fmt.Fprintf(&b, "- %s\n", n)
			}
		}
	}
	return b.String()
}

// serverBuild names the commit the measured binary was built from, from
// its build information, or else from the working tree it is measured in.
func serverBuild(bin string) string {
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		return "unknown (" + err.Error() + ")"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			return "commit " + rev + " with uncommitted changes"
		}
		return "commit " + rev
	}
	head, err := exec.Command("git", "rev-parse", "--short", "HEAD").Output()
	if err != nil {
		return "unknown commit (no build information, no git)"
	}
	out := "working tree at commit " + strings.TrimSpace(string(head))
	if changed, _ := exec.Command("git", "status", "--porcelain", "--untracked-files=no").Output(); len(changed) > 0 {
		out += " with uncommitted changes"
	}
	return out + " when the benchmark started"
}

func cpuCount() int {
	n := 0
	forLines("/proc/cpuinfo", func(line string) {
		if strings.HasPrefix(line, "processor") {
			n++
		}
	})
	return n
}

func cpuModel() string {
	model := "unknown"
	forLines("/proc/cpuinfo", func(line string) {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "model name" {
			model = strings.TrimSpace(v)
		}
	})
	return model
}

func memTotalKB() int64 {
	var kb int64
	forLines("/proc/meminfo", func(line string) {
		if rest, ok := strings.CutPrefix(line, "MemTotal:"); ok {
			fmt.Sscanf(strings.TrimSpace(rest), "%d", &kb)
		}
	})
	return kb
}

func kernel() string {
	b, err := os.ReadFile("/proc/sys/kernel/osrelease")
	if err != nil {
		return "unknown"
	}
	return strings.TrimSpace(string(b))
}

func forLines(path string, fn func(string)) {
	f, err := os.Open(path)
	if err != nil {
		return
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fn(sc.Text())
	}
}
