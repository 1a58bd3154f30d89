package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"

	"github.com/genolewm/obs/registry"
)

// deprecatedRegistry is the committed registry with one deprecated item
// of every sort: event, data key, error code, plain and labelled metric.
func deprecatedRegistry(t *testing.T) *registry.Registry {
	t.Helper()
	e, m := committedRegistry(t)
	e = editOnce(t, e, "    description: Scalar metric logged.\n", "    description: Scalar metric logged.\n    deprecated: {since: 0.1.0, reason: Use the metrics registry., replacement: training.step}\n")
	e = editOnce(t, e, `{name: seed, type: int, description: "Global random seed."}`, `{name: seed, type: int, description: "Global random seed.", deprecated: {reason: "Part of config_hash."}}`)
	e = editOnce(t, e, "    description: The data cache could not be read or written.\n", "    description: The data cache could not be read or written.\n    deprecated: {reason: Split by cause.}\n")
	m = editOnce(t, m, "    description: last logged reg loss (Phase 2 active, Phase 1 monitoring)\n", "    description: last logged reg loss (Phase 2 active, Phase 1 monitoring)\n    deprecated: {reason: Use the loss event., replacement: geno_lewm.training.loss.pred}\n")
	m = editOnce(t, m, "    description: total alerts during run\n", "    description: total alerts during run\n    deprecated: {reason: Count alert records instead.}\n")
	r, err := registry.Parse(registry.EventsPath, []byte(e), registry.MetricsPath, []byte(m))
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// deprecatedDocs maps each documented identifier of a Go file to whether
// its doc comment has a paragraph starting "Deprecated: ", the form
// staticcheck (SA1019) and gopls recognise.
func deprecatedDocs(t *testing.T, name string, src []byte) map[string]bool {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	mark := func(id string, docs ...*ast.CommentGroup) {
		for _, d := range docs {
			if d == nil {
				continue
			}
			for _, para := range strings.Split(d.Text(), "\n\n") {
				if strings.HasPrefix(para, "Deprecated: ") {
					out[id] = true
				}
			}
		}
		if !out[id] {
			out[id] = false
		}
	}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.GenDecl:
			for _, s := range n.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					mark(s.Name.Name, s.Doc, n.Doc)
					if st, ok := s.Type.(*ast.StructType); ok {
						for _, fld := range st.Fields.List {
							for _, id := range fld.Names {
								mark(s.Name.Name+"."+id.Name, fld.Doc)
							}
						}
					}
				case *ast.ValueSpec:
					for _, id := range s.Names {
						mark(id.Name, s.Doc, n.Doc)
					}
				}
			}
		}
		return true
	})
	return out
}

func TestDeprecationLifecycle(t *testing.T) {
	outs, err := generate(deprecatedRegistry(t), repoLayout)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, o := range outs {
		files[o.path] = o.data
	}
	ev := deprecatedDocs(t, "events.go", files["generated/events/events.go"])
	me := deprecatedDocs(t, "meters.go", files["generated/meters/meters.go"])
	for _, tc := range []struct {
		docs map[string]bool
		id   string
		want bool
	}{
		{ev, "TrainingMetric", true},
		{ev, "TrainingRunStart.Seed", true},
		{ev, "CodeDataErrorCacheUnavailable", true},
		{me, "TrainingLossReg", true},
		{me, "TrainingCollapseAlert", true},
		{me, "TrainingCollapseAlertCounter", true},
		// and nothing else
		{ev, "TrainingRunStart", false},
		{ev, "TrainingRunStart.Model", false},
		{ev, "CodeEvalErrorRegression", false},
		{me, "TrainingLossPred", false},
	} {
		got, ok := tc.docs[tc.id]
		if !ok {
			t.Errorf("%s is not declared in the generated code", tc.id)
		} else if got != tc.want {
			t.Errorf("%s: doc has a Deprecated: paragraph = %v, want %v", tc.id, got, tc.want)
		}
	}

	for _, tc := range []struct{ file, want string }{
		{"docs/api/log-events.md", "| [`training.metric`](#trainingmetric) | info | none | stable, deprecated |"},
		{"docs/api/log-events.md", "> **Deprecated: Use the metrics registry. Use training.step instead.**"},
		{"docs/api/log-events.md", "| `seed` | `int` | - | no | **Deprecated: Part of config_hash.** Global random seed. |"},
		{"docs/api/log-events.md", "| `DataError.CacheUnavailable` | **Deprecated: Split by cause.** The data cache could not"},
		{"docs/api/metrics.md", "| gauge | unitless | `1` | - | **Deprecated: Use the loss event. Use geno_lewm.training.loss.pred instead.** last logged reg loss"},
		{"docs/api/metrics.md", "> **Deprecated: Count alert records instead.**"},
		{"docs/api/log-record.schema.json", `"deprecated": true`},
	} {
		if !strings.Contains(string(files[tc.file]), tc.want) {
			t.Errorf("%s does not show the deprecation: no %q", tc.file, tc.want)
		}
	}
}
