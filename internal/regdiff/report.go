package regdiff

import (
	"fmt"
	"sort"

	"github.com/genolewm/obs/registry"
)

// Change is one classified difference between two registries.
type Change struct {
	Class Class `json:"class"`
	Kind  Kind  `json:"kind"`
	// Item names what changed, from the top: "event training.step key
	// loss_pred", "metric geno_lewm.x label rule value dna".
	Item string `json:"item"`
	// Old and New are the values before and after, empty when the item
	// did not exist on that side.
	Old string `json:"old,omitempty"`
	New string `json:"new,omitempty"`
	// Pos is where the change is: in the new registry, or in the base for
	// removals.
	Pos string `json:"pos"`
	// Note says more, e.g. the replacement of a removed deprecated item.
	Note string `json:"note,omitempty"`
}

// Report is the result of comparing a base registry with a new one.
type Report struct {
	// Base and Head say where the two registries came from.
	Base string `json:"base"`
	Head string `json:"head"`
	// BaseVersion and HeadVersion are the registries' own versions.
	BaseVersion string   `json:"base_version"`
	HeadVersion string   `json:"head_version"`
	Changes     []Change `json:"changes"`
}

// Compare diffs two loaded registries. Changes are ordered MAJOR first,
// then in registry order.
func Compare(base, head *registry.Registry, baseLabel, headLabel string) *Report {
	d := &differ{}
	d.diff(base, head)
	sort.SliceStable(d.changes, func(i, j int) bool { return d.changes[i].Class > d.changes[j].Class })
	if d.changes == nil {
		d.changes = []Change{}
	}
	return &Report{
		Base: baseLabel, Head: headLabel,
		BaseVersion: base.Version, HeadVersion: head.Version,
		Changes: d.changes,
	}
}

// Verdict is the highest class of any change, None when there is none.
func (r *Report) Verdict() Class {
	v := None
	for _, c := range r.Changes {
		v = max(v, c.Class)
	}
	return v
}

// Count returns how many changes have class c.
func (r *Report) Count(c Class) int {
	n := 0
	for _, ch := range r.Changes {
		if ch.Class == c {
			n++
		}
	}
	return n
}

// Suggested is the lowest version the head registry may be released as:
// the base version raised by the verdict.
func (r *Report) Suggested() string {
	return Bump(r.BaseVersion, r.Verdict())
}

// Bump raises version v by class c (None leaves it as is).
func Bump(v string, c Class) string {
	p := registry.ParseVersion(v)
	switch c {
	case Major:
		p = [3]int{p[0] + 1, 0, 0}
	case Minor:
		p = [3]int{p[0], p[1] + 1, 0}
	case Patch:
		p[2]++
	}
	return fmt.Sprintf("%d.%d.%d", p[0], p[1], p[2])
}

// Check returns the reasons the head version cannot be released with
// these changes: a MAJOR change without a new major version, or a version
// lower than the base's. Under-bumped MINOR and PATCH changes are only
// Advice: between releases the version may lag, but a break may not.
func (r *Report) Check() []string {
	var out []string
	if registry.CompareVersions(r.HeadVersion, r.BaseVersion) < 0 {
		out = append(out, fmt.Sprintf("registry version %s is lower than the base's %s; versions only go up", r.HeadVersion, r.BaseVersion))
	}
	if r.Verdict() == Major && registry.ParseVersion(r.HeadVersion)[0] <= registry.ParseVersion(r.BaseVersion)[0] {
		out = append(out, fmt.Sprintf("%d MAJOR change(s) but the registry version %s keeps the base's major version; "+
			"either undo them (deprecate instead of removing or renaming) or set `version: %s` in both registry files",
			r.Count(Major), r.HeadVersion, r.Suggested()))
	}
	return out
}

// Advice says what the version should be when Check finds nothing wrong
// but the head version does not yet cover the changes.
func (r *Report) Advice() string {
	if len(r.Check()) > 0 {
		return ""
	}
	if s := r.Suggested(); registry.CompareVersions(r.HeadVersion, s) < 0 {
		return fmt.Sprintf("release these changes as %s or later (registry says %s)", s, r.HeadVersion)
	}
	return ""
}
