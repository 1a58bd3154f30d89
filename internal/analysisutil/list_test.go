package analysisutil

import "testing"

func TestMatchPath(t *testing.T) {
	for _, tc := range []struct {
		pattern, path string
		want          bool
	}{
		{"a/b", "a/b", true},
		{"a/b", "a/b/c", false},
		{"a/b/...", "a/b", true},
		{"a/b/...", "a/b/c/d", true},
		{"a/b/...", "a/bc", false},
		{"*/cmd/...", "example.com/x/cmd/tool", true},
		{"*/cmd/...", "cmd/tool", true},
		{"*/cmd/...", "example.com/cmdx", false},
	} {
		if got := MatchPath(tc.pattern, tc.path); got != tc.want {
			t.Errorf("MatchPath(%q, %q) = %v", tc.pattern, tc.path, got)
		}
	}
}

func TestNearest(t *testing.T) {
	cands := []string{"training.step", "training.run.start", "eval.regression"}
	if got, ok := Nearest("training.stpe", cands); !ok || got != "training.step" {
		t.Errorf("got %q %v", got, ok)
	}
	if _, ok := Nearest("completely.different.thing", cands); ok {
		t.Error("a far name has a nearest")
	}
}

func TestShortName(t *testing.T) {
	for in, want := range map[string]string{
		"(*github.com/genolewm/obs/runtime/internal/filter.Filter).Emit": "filter.Filter.Emit",
		"(github.com/genolewm/obs/runtime/observe.Logger).Emit":          "observe.Logger.Emit",
		"github.com/genolewm/obs/runtime/internal/metric.NewFamily":      "metric.NewFamily",
	} {
		if got := ShortName(in); got != want {
			t.Errorf("ShortName(%s) = %s, want %s", in, got, want)
		}
	}
}
