package analysisutil

import "strings"

// List is a comma-separated flag value.
type List []string

func (l *List) String() string { return strings.Join(*l, ",") }

// Set replaces the list.
func (l *List) Set(s string) error {
	*l = nil
	for _, f := range strings.Split(s, ",") {
		if f = strings.TrimSpace(f); f != "" {
			*l = append(*l, f)
		}
	}
	return nil
}

// Has reports whether s is in the list.
func (l List) Has(s string) bool {
	for _, x := range l {
		if x == s {
			return true
		}
	}
	return false
}

// MatchPath reports whether the import path p matches pattern: "a/b"
// matches exactly, "a/b/..." matches a/b and everything below it, and a
// leading "*/" matches any leading path elements (so "*/cmd/..." matches
// every package under any cmd folder).
func MatchPath(pattern, p string) bool {
	if rest, ok := strings.CutPrefix(pattern, "*/"); ok {
		if MatchPath(rest, p) {
			return true
		}
		for i := 0; i < len(p); i++ {
			if p[i] == '/' && MatchPath(rest, p[i+1:]) {
				return true
			}
		}
		return false
	}
	if base, ok := strings.CutSuffix(pattern, "/..."); ok {
		return p == base || strings.HasPrefix(p, base+"/")
	}
	return p == pattern
}

// MatchAny reports whether p matches any of the patterns.
func MatchAny(patterns []string, p string) bool {
	for _, pat := range patterns {
		if MatchPath(pat, p) {
			return true
		}
	}
	return false
}
