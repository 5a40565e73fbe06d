package postgres

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// fakeInstall writes a directory with initdb, pg_ctl and postgres programs
// whose pg_ctl --version says version; it checks how installations are
// found and ordered, not how they run (the cluster tests run real ones).
func fakeInstall(t *testing.T, dir, version string, programs ...string) string {
	t.Helper()
	if len(programs) == 0 {
		programs = serverPrograms
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range programs {
		script := "#!/bin/sh\nexit 0\n"
		if p == "pg_ctl" {
			script = "#!/bin/sh\necho 'pg_ctl (PostgreSQL) " + version + "'\n"
		}
		if err := os.WriteFile(filepath.Join(dir, p), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestFindBinaries(t *testing.T) {
	root := t.TempDir()
	lib := filepath.Join(root, "usr/lib/postgresql")
	fakeInstall(t, filepath.Join(lib, "13/bin"), "13.16")
	fakeInstall(t, filepath.Join(lib, "17/bin"), "17.2 (Debian 17.2-1)")
	fakeInstall(t, filepath.Join(lib, "9.6/bin"), "9.6.24")
	fakeInstall(t, filepath.Join(lib, "16/bin"), "16.6", "pg_ctl", "initdb") // no postgres: not a server install
	brew := fakeInstall(t, filepath.Join(root, "opt/pg15/bin"), "15.8")
	// A bin dir on PATH with symlinks into an install, as Homebrew and
	// /usr/local/bin make them.
	onPath := filepath.Join(root, "usr/local/bin")
	if err := os.MkdirAll(onPath, 0o755); err != nil {
		t.Fatal(err)
	}
	for _, p := range serverPrograms {
		if err := os.Symlink(filepath.Join(brew, p), filepath.Join(onPath, p)); err != nil {
			t.Fatal(err)
		}
	}
	// The same directory twice (a symlinked version dir) is listed once.
	if err := os.Symlink(filepath.Join(lib, "13"), filepath.Join(lib, "13-alias")); err != nil {
		t.Fatal(err)
	}
	glob := filepath.Join(lib, "*/bin")
	empty := t.TempDir()

	tests := []struct {
		name      string
		path      string
		wantDirs  []string
		wantMajor []string
	}{
		{"PATH first, then highest version first", empty + string(os.PathListSeparator) + onPath,
			[]string{brew, filepath.Join(lib, "17/bin"), filepath.Join(lib, "13/bin"), filepath.Join(lib, "9.6/bin")},
			[]string{"15", "17", "13", "9.6"}},
		{"nothing on PATH", empty,
			[]string{filepath.Join(lib, "17/bin"), filepath.Join(lib, "13/bin"), filepath.Join(lib, "9.6/bin")},
			[]string{"17", "13", "9.6"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			found, err := findBinaries(context.Background(), tt.path, glob)
			if err != nil {
				t.Fatal(err)
			}
			var dirs, majors []string
			for _, b := range found {
				dirs = append(dirs, b.Dir)
				majors = append(majors, b.Major)
			}
			if !slices.Equal(dirs, tt.wantDirs) || !slices.Equal(majors, tt.wantMajor) {
				t.Errorf("found %v %v\nwant  %v %v", dirs, majors, tt.wantDirs, tt.wantMajor)
			}
		})
	}

	t.Run("none", func(t *testing.T) {
		_, err := findBinaries(context.Background(), empty, filepath.Join(empty, "*/bin"))
		if !errors.Is(err, errNoBinaries) {
			t.Fatalf("err = %v, want errNoBinaries", err)
		}
	})
}

func TestParseVersion(t *testing.T) {
	tests := []struct {
		in, version, major string
	}{
		{"pg_ctl (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)\n", "15.20", "15"},
		{"pg_ctl (PostgreSQL) 17.2", "17.2", "17"},
		{"pg_ctl (PostgreSQL) 18beta1", "18", "18"},
		{"pg_ctl (PostgreSQL) 9.6.24", "9.6.24", "9.6"},
	}
	for _, tt := range tests {
		b, err := parseVersion(tt.in)
		if err != nil || b.Version != tt.version || b.Major != tt.major {
			t.Errorf("parseVersion(%q) = %q %q %v, want %q %q", tt.in, b.Version, b.Major, err, tt.version, tt.major)
		}
	}
	if _, err := parseVersion("pg_ctl: command not found"); err == nil {
		t.Errorf("parseVersion of no version: no error")
	}
}

func TestPickBinaries(t *testing.T) {
	found := []binaries{{Dir: "/a", Version: "17.2", Major: "17"}, {Dir: "/b", Version: "15.8", Major: "15"}}
	tests := []struct {
		name, clusterMajor, wantDir, wantErr string
	}{
		{"new cluster takes the first", "", "/a", ""},
		{"existing cluster takes its own version", "15", "/b", ""},
		{"existing cluster of a missing version", "14", "", "apt-get install postgresql-14"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := pickBinaries(found, tt.clusterMajor)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || b.Dir != tt.wantDir {
				t.Fatalf("got %q %v, want %q", b.Dir, err, tt.wantDir)
			}
		})
	}
}

// TestFindBinariesOnThisMachine finds the machine's real PostgreSQL, which
// the cluster tests need.
func TestFindBinariesOnThisMachine(t *testing.T) {
	b := machineBinaries(t)
	if !hasServerPrograms(b.Dir) {
		t.Errorf("%s lacks one of %v", b.Dir, serverPrograms)
	}
	t.Logf("PostgreSQL %s in %s", b.Version, b.Dir)
}
