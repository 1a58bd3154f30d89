package regdiff

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// repo is a scratch git repository holding a registry.
type repo struct {
	t   *testing.T
	dir string
}

func newRepo(t *testing.T) *repo {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git not installed")
	}
	r := &repo{t, t.TempDir()}
	r.git("init", "-q", "-b", "main")
	return r
}

func (r *repo) git(args ...string) string {
	r.t.Helper()
	cmd := exec.Command("git", append([]string{"-C", r.dir, "-c", "user.name=t", "-c", "user.email=t@example.org", "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"}, args...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		r.t.Fatalf("git %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// commit writes the registry at version v, with extra appended to the
// events file, and returns the commit hash.
func (r *repo) commit(v, extra string) string {
	r.t.Helper()
	ev, me := readTestdata(r.t)
	ev = strings.Replace(ev, "version: 1.2.0", "version: "+v, 1) + extra
	me = strings.Replace(me, "version: 1.2.0", "version: "+v, 1)
	if err := os.MkdirAll(filepath.Join(r.dir, "registry"), 0o755); err != nil {
		r.t.Fatal(err)
	}
	os.WriteFile(filepath.Join(r.dir, "registry/events.yaml"), []byte(ev), 0o644)
	os.WriteFile(filepath.Join(r.dir, "registry/metrics.yaml"), []byte(me), 0o644)
	r.git("add", "registry")
	r.git("commit", "-q", "-m", "registry "+v+extra)
	return r.git("rev-parse", "HEAD")
}

func TestBase(t *testing.T) {
	r := newRepo(t)
	g := Git{Dir: r.dir}
	const path = "registry/events.yaml"

	c1 := r.commit("0.1.0", "")
	base, why, err := g.Base(path, "0.1.0")
	if err != nil || base != c1 || !strings.Contains(why, "0.1.0 is the first version") {
		t.Fatalf("first version: Base = %s, %q, %v; want %s", base, why, err, c1)
	}

	// A change without a version bump: still compared with the
	// introduction of 0.1.0.
	r.commit("0.1.0", "# comment\n")
	if base, _, _ = g.Base(path, "0.1.0"); base != c1 {
		t.Errorf("unbumped change: base %s, want %s", base, c1)
	}
	// The working tree bumps the version: the base is the introduction of
	// the version HEAD carries.
	if base, why, _ = g.Base(path, "0.2.0"); base != c1 || !strings.Contains(why, "previous version 0.1.0") {
		t.Errorf("bump in working tree: base %s (%s), want %s", base, why, c1)
	}
	// The bump is committed: the base stays at the previous version's
	// introduction, so that changes made before the bump are still seen.
	r.commit("0.2.0", "")
	if base, _, _ = g.Base(path, "0.2.0"); base != c1 {
		t.Errorf("committed bump: base %s, want %s", base, c1)
	}
	c3 := r.commit("0.3.0", "")
	r.commit("0.3.0", "# again\n")
	if base, _, _ = g.Base(path, "0.3.0"); base == c3 || base == c1 {
		t.Errorf("after 0.3.0: base %s should be the commit that introduced 0.2.0", base)
	}
	if got := FileVersion([]byte(mustShow(t, g, base, path))); got != "0.2.0" {
		t.Errorf("after 0.3.0: base has version %s, want 0.2.0", got)
	}

	// A release tag wins.
	r.git("tag", "v0.3.0", c3)
	if base, why, _ = g.Base(path, "0.3.0"); base != "v0.3.0" || !strings.Contains(why, "tag v0.3.0") {
		t.Errorf("tagged: base %s (%s), want v0.3.0", base, why)
	}
}

func TestBaseWithoutRegistryHistory(t *testing.T) {
	r := newRepo(t)
	os.WriteFile(filepath.Join(r.dir, "README"), []byte("x"), 0o644)
	r.git("add", "README")
	r.git("commit", "-q", "-m", "init")
	_, _, err := Git{Dir: r.dir}.Base("registry/events.yaml", "0.1.0")
	if err == nil || !strings.Contains(err.Error(), "pass -base REV") {
		t.Errorf("no registry history: err = %v, want advice to pass -base", err)
	}
}

func mustShow(t *testing.T, g Git, rev, path string) string {
	t.Helper()
	b, err := g.Show(rev, path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
