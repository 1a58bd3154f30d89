package regdiff

import (
	"bytes"
	"fmt"
	"os/exec"
	"regexp"
	"strings"
)

// Git reads registry files from the history of the repository holding Dir.
type Git struct {
	Dir string
}

func (g Git) run(args ...string) (string, error) {
	cmd := exec.Command("git", append([]string{"-C", g.Dir}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(errb.String()))
	}
	return out.String(), nil
}

// Show returns the content of path (relative to Dir) at revision rev.
func (g Git) Show(rev, path string) ([]byte, error) {
	out, err := g.run("show", rev+":./"+path)
	if err != nil {
		return nil, fmt.Errorf("reading %s at %s: %w (pass -base with a revision that has the registry)", path, rev, err)
	}
	return []byte(out), nil
}

var versionLine = regexp.MustCompile(`(?m)^version:[ \t]*["']?([0-9]+\.[0-9]+\.[0-9]+)`)

// FileVersion reads the top-level version: of a registry file without
// validating the rest, so that old registries that today's stricter loader
// would reject can still be located.
func FileVersion(data []byte) string {
	m := versionLine.FindSubmatch(data)
	if m == nil {
		return ""
	}
	return string(m[1])
}

// Base picks the revision to compare a working tree against when the
// caller names none, and says why it chose it:
//
//  1. the newest tag v* reachable from HEAD: the last release;
//  2. without tags (CI clones only main), the commit that introduced the
//     version before the working tree's, found from the history of
//     eventsPath: every version must cover all changes since its
//     predecessor was introduced, so a break merged under the old version
//     is still caught when the version is finally bumped;
//  3. when the working tree carries the first version ever, the commit
//     that introduced it.
//
// headVersion is the working tree's registry version.
func (g Git) Base(eventsPath, headVersion string) (rev, why string, err error) {
	if tag, err := g.run("describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD"); err == nil {
		tag = strings.TrimSpace(tag)
		return tag, "newest release tag " + tag, nil
	}
	out, err := g.run("log", "--format=%H", "-G", "^version:", "--", eventsPath)
	if err != nil {
		return "", "", err
	}
	// intros holds, newest first, the commit that introduced each version.
	type intro struct{ commit, version string }
	var intros []intro
	for _, c := range strings.Fields(out) {
		data, err := g.Show(c, eventsPath)
		if err != nil {
			continue // the file was deleted in this commit
		}
		v := FileVersion(data)
		if v == "" {
			continue
		}
		if n := len(intros); n > 0 && intros[n-1].version == v {
			intros[n-1].commit = c // same version, older commit: earlier introduction
			continue
		}
		intros = append(intros, intro{c, v})
	}
	shallow := ""
	if s, err := g.run("rev-parse", "--is-shallow-repository"); err == nil && strings.TrimSpace(s) == "true" {
		shallow = "; this is a shallow clone, so older history is missing: fetch it (git fetch --unshallow) or pass -base"
	}
	short := func(c string) string { return c[:min(12, len(c))] }
	switch {
	case len(intros) == 0:
		return "", "", fmt.Errorf("no release tag v* and no commit that sets the version in %s%s; pass -base REV or -base-events/-base-metrics", eventsPath, shallow)
	case intros[0].version != headVersion:
		return intros[0].commit, fmt.Sprintf("no release tag v*; base is commit %s, which introduced the previous version %s%s", short(intros[0].commit), intros[0].version, shallow), nil
	case len(intros) > 1:
		return intros[1].commit, fmt.Sprintf("no release tag v*; base is commit %s, which introduced the previous version %s%s", short(intros[1].commit), intros[1].version, shallow), nil
	}
	return intros[0].commit, fmt.Sprintf("no release tag v* and %s is the first version; base is commit %s, which introduced it%s", headVersion, short(intros[0].commit), shallow), nil
}
