package postgres

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
)

// errNoBinaries says that this machine has no PostgreSQL server binaries.
var errNoBinaries = errors.New("no PostgreSQL server binaries found")

// binaries is one installed PostgreSQL version's server programs.
type binaries struct {
	Dir     string // holds initdb, pg_ctl and postgres
	Version string // as pg_ctl --version says, e.g. "15.20"
	Major   string // as a cluster's PG_VERSION file says, e.g. "15" ("9.6" before 10)
	nums    []int  // Version's numbers, to sort by
}

func (b binaries) path(program string) string { return filepath.Join(b.Dir, program) }

// serverPrograms are what a directory needs to run a private cluster.
var serverPrograms = []string{"initdb", "pg_ctl", "postgres"}

// findBinaries lists the PostgreSQL installations on this machine: first
// the one whose pg_ctl comes first on path (a $PATH-style list), then those
// in the directories matching glob, highest version first. Symlinks are
// followed, so each installation is listed once.
func findBinaries(ctx context.Context, path, glob string) ([]binaries, error) {
	var first string
	for _, dir := range filepath.SplitList(path) {
		if dir == "" {
			continue
		}
		if p := filepath.Join(dir, "pg_ctl"); isExecutable(p) {
			first = p
			break
		}
	}
	var dirs []string
	if first != "" {
		if resolved, err := filepath.EvalSymlinks(first); err == nil {
			dirs = append(dirs, filepath.Dir(resolved))
		}
	}
	globbed, err := filepath.Glob(glob)
	if err != nil {
		return nil, fmt.Errorf("look for PostgreSQL in %s: %w", glob, err)
	}

	var found, rest []binaries
	seen := map[string]bool{}
	for i, dir := range append(dirs, globbed...) {
		if resolved, err := filepath.EvalSymlinks(dir); err == nil {
			dir = resolved
		}
		if seen[dir] || !hasServerPrograms(dir) {
			continue
		}
		seen[dir] = true
		b, err := readVersion(ctx, dir)
		if err != nil {
			continue // not a PostgreSQL we can tell the version of
		}
		if i < len(dirs) {
			found = append(found, b)
		} else {
			rest = append(rest, b)
		}
	}
	slices.SortStableFunc(rest, func(a, b binaries) int { return slices.Compare(b.nums, a.nums) })
	found = append(found, rest...)
	if len(found) == 0 {
		return nil, fmt.Errorf("%w: no %s on PATH or under %s", errNoBinaries, strings.Join(serverPrograms, ", "), glob)
	}
	return found, nil
}

func hasServerPrograms(dir string) bool {
	for _, p := range serverPrograms {
		if !isExecutable(filepath.Join(dir, p)) {
			return false
		}
	}
	return true
}

func isExecutable(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular() && st.Mode().Perm()&0o111 != 0
}

// versionPattern reads "pg_ctl (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)".
var versionPattern = regexp.MustCompile(`\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?(?:\.(\d+))?`)

func readVersion(ctx context.Context, dir string) (binaries, error) {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, filepath.Join(dir, "pg_ctl"), "--version").Output()
	if err != nil {
		return binaries{}, fmt.Errorf("%s/pg_ctl --version: %w", dir, err)
	}
	b, err := parseVersion(string(out))
	if err != nil {
		return binaries{}, fmt.Errorf("%s/pg_ctl: %w", dir, err)
	}
	b.Dir = dir
	return b, nil
}

func parseVersion(s string) (binaries, error) {
	m := versionPattern.FindStringSubmatch(s)
	if m == nil {
		return binaries{}, fmt.Errorf("no PostgreSQL version in %q", strings.TrimSpace(s))
	}
	var b binaries
	var parts []string
	for _, n := range m[1:] {
		if n == "" {
			break
		}
		v, _ := strconv.Atoi(n)
		b.nums = append(b.nums, v)
		parts = append(parts, n)
	}
	b.Version = strings.Join(parts, ".")
	b.Major = parts[0]
	if b.nums[0] < 10 && len(parts) > 1 {
		b.Major = parts[0] + "." + parts[1]
	}
	return b, nil
}

// pickBinaries chooses the installation to run a cluster with: the first
// one for a new cluster, and one of the cluster's own major version for an
// existing one (clusterMajor, from its PG_VERSION file).
func pickBinaries(found []binaries, clusterMajor string) (binaries, error) {
	if clusterMajor == "" {
		return found[0], nil
	}
	for _, b := range found {
		if b.Major == clusterMajor {
			return b, nil
		}
	}
	var have []string
	for _, b := range found {
		have = append(have, b.Version)
	}
	return binaries{}, fmt.Errorf("the cluster was made by PostgreSQL %s, but this machine has only PostgreSQL %s: "+
		"install PostgreSQL %s (Debian: apt-get install postgresql-%s), or move the data dir away to start a new cluster",
		clusterMajor, strings.Join(have, ", "), clusterMajor, clusterMajor)
}
