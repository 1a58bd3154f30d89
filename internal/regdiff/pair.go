package regdiff

import "github.com/genolewm/obs/registry"

// How says how a base item was matched with a head item.
type how int

const (
	sameName    how = iota
	renamedFrom     // the head item declares renamed_from: the base name
)

type pair[T any] struct {
	base, head T
	how        how
}

// named gives pairUp what it needs to know of an event, field or metric.
type named[T any] struct {
	name        func(T) string
	renamedFrom func(T) string
	deprecated  func(T) *registry.Deprecation
}

// pairUp matches base items with head items: by name, then by a declared
// renamed_from, so that a declared rename is one pair and not a removal
// and an addition. (The other way to declare a rename, deprecating the old
// item in favour of a new one, keeps both names; see replacements.) Pairs
// come in head order; added and removed in file order.
func pairUp[T any](base, head []T, n named[T]) (pairs []pair[T], added, removed []T) {
	baseBy := map[string]T{}
	for _, b := range base {
		baseBy[n.name(b)] = b
	}
	headBy := map[string]bool{}
	for _, h := range head {
		headBy[n.name(h)] = true
	}
	used := map[string]bool{}
	for _, h := range head {
		name := n.name(h)
		if b, ok := baseBy[name]; ok {
			pairs = append(pairs, pair[T]{b, h, sameName})
			used[name] = true
			continue
		}
		if from := n.renamedFrom(h); from != "" && !headBy[from] && !used[from] {
			if b, ok := baseBy[from]; ok {
				pairs = append(pairs, pair[T]{b, h, renamedFrom})
				used[from] = true
				continue
			}
		}
		added = append(added, h)
	}
	for _, b := range base {
		if !used[n.name(b)] && !headBy[n.name(b)] {
			removed = append(removed, b)
		}
	}
	return pairs, added, removed
}

var (
	eventNames = named[*registry.Event]{
		name:        func(e *registry.Event) string { return e.Name },
		renamedFrom: func(e *registry.Event) string { return e.RenamedFrom },
		deprecated:  func(e *registry.Event) *registry.Deprecation { return e.Deprecated },
	}
	fieldNames = named[*registry.Field]{
		name:        func(f *registry.Field) string { return f.Name },
		renamedFrom: func(f *registry.Field) string { return f.RenamedFrom },
		deprecated:  func(f *registry.Field) *registry.Deprecation { return f.Deprecated },
	}
	metricNames = named[*registry.Metric]{
		name:        func(m *registry.Metric) string { return m.Name },
		renamedFrom: func(m *registry.Metric) string { return m.RenamedFrom },
		deprecated:  func(m *registry.Metric) *registry.Deprecation { return m.Deprecated },
	}
)
