package observe_test

import (
	"context"
	"encoding/json"
	"errors"
	"io/fs"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/dna/dnatest"
	"github.com/genolewm/obs/runtime/genimpl"
	"github.com/genolewm/obs/runtime/internal/core"
	"github.com/genolewm/obs/runtime/observe"
)

// The end-to-end disguise tests: every form of internal/dna's must-drop
// corpus (RNA, IUPAC inside a run, format characters between the bases,
// fullwidth and other compatibility letters, single separators) goes
// through every path the DNA rule guards, and none of its bases reaches a
// written byte; the must-keep corpus passes a string field unchanged.

// disguises is the must-drop corpus in name order.
func disguises() []struct{ name, v string } {
	var out []struct{ name, v string }
	for name, v := range dnatest.MustDrop {
		out = append(out, struct{ name, v string }{name, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

// canon is what a reader would take the bases of s to be: compatibility
// forms folded (NFKC), format characters and combining marks removed,
// letters only, in upper case.
func canon(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) && r < 0x80 {
			b.WriteRune(unicode.ToUpper(r))
		}
	}
	return b.String()
}

// leaked says whether out holds any recognizable part of disguise d: the
// disguise itself, its first or last 12 bases once canonicalized, or a
// DNA run, in the raw bytes or in any decoded JSON string.
func leaked(t *testing.T, out []byte, d string) bool {
	t.Helper()
	bases := canon(d)
	if len(bases) < 20 {
		t.Fatalf("disguise %q has %d bases", d, len(bases))
	}
	texts := []string{string(out)}
	for _, line := range strings.SplitAfter(string(out), "\n") {
		if strings.HasPrefix(line, "{") {
			allStrings(decode(t, []byte(line)), func(s string) { texts = append(texts, s) })
		}
	}
	for _, s := range texts {
		c := canon(s)
		if strings.Contains(s, d) || strings.Contains(c, bases[:12]) || strings.Contains(c, bases[len(bases)-12:]) || hasDNA(s) {
			return true
		}
	}
	return false
}

func joined(lines [][]byte) []byte {
	var b []byte
	for _, l := range lines {
		b = append(b, l...)
	}
	return b
}

// disguiseRegistry is the core plus one event with a key of each string
// shape, map[string] included (no event of the repository's registry has
// one).
func disguiseRegistry(t *testing.T) *observe.Registry {
	t.Helper()
	spec := core.Spec()
	spec.Events = append(spec.Events, genimpl.EventSpec{Name: "test.disguise", Severity: genimpl.Info, Fields: []genimpl.Field{
		{Name: "note", Kind: genimpl.String},
		{Name: "notes", Kind: genimpl.StringList},
		{Name: "labels", Kind: genimpl.StringMap},
		{Name: "scores", Kind: genimpl.FloatMap},
		{Name: "keep", Kind: genimpl.String},
	}})
	// Metrics labelled by every event take the new one too.
	for i := range spec.Metrics {
		for j, lb := range spec.Metrics[i].Labels {
			if lb.Name == "event" {
				spec.Metrics[i].Labels[j].Values = append(slices.Clone(lb.Values), "test.disguise")
			}
		}
	}
	reg := genimpl.NewRegistry(spec)
	if err := reg.Err(); err != nil {
		t.Fatal(err)
	}
	return reg
}

func disguiseLogger(t *testing.T, reg *observe.Registry, strict bool) (observe.Logger, *memSink) {
	t.Helper()
	sink := &memSink{}
	l, err := observe.NewLogger(reg, observe.LoggerOptions{RunID: "run-2026-05-20-h100-0", Level: observe.Debug, Strict: strict,
		Sinks: []observe.Sink{sink}, Now: func() time.Time { return fixedTime }})
	if err != nil {
		t.Fatal(err)
	}
	return l, sink
}

// dataPath emits d on one path and names the data key it went to ("" when
// the path is not a data key).
type dataPath struct {
	name string
	key  string
	emit func(ctx context.Context, l observe.Logger, reg *observe.Registry, d string) error
}

var dataPaths = []dataPath{
	{"typed string", "suite_version", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return events.EvalRunStart{Benchmark: "b", SuiteVersion: d}.Log(ctx, l)
	}},
	{"typed error message", "message", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return events.Error{ErrorCode: events.CodeIOErrorWriteFailed, Message: d, Component: "shard"}.Log(ctx, l)
	}},
	{"typed list element", "tags", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return events.TrainingRunStart{Model: "m", ConfigHash: "c", Tags: []string{"ok", d}}.Log(ctx, l)
	}},
	{"typed map key", "scores", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return events.EvalRunEnd{Benchmark: "b", Scores: map[string]float64{"auroc": 0.9, d: 1}}.Log(ctx, l)
	}},
	{"dynamic string", "suite_version", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "eval.run.start", map[string]any{"benchmark": "b", "suite_version": d})
	}},
	{"dynamic list element", "tags", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "training.run.start", map[string]any{"model": "m", "config_hash": "c", "tags": []any{"ok", d}})
	}},
	{"dynamic map key", "scores", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "eval.run.end", map[string]any{"benchmark": "b", "scores": map[string]any{"auroc": 0.9, d: 1.0}})
	}},
	{"dynamic error message", "message", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.EmitError(ctx, "error", "IOError.WriteFailed", map[string]any{"message": d, "component": "shard"})
	}},
}

// mapPaths need disguiseRegistry: a map[string] key's keys and values,
// typed (the DataWriter generated code uses) and dynamic.
var mapPaths = []dataPath{
	{"typed map[string] value", "labels", func(ctx context.Context, l observe.Logger, reg *observe.Registry, d string) error {
		w := l.Begin(ctx, reg.Lookup("test.disguise"), 0)
		w.StringMap(2, map[string]string{"a": "ok", "b": d})
		w.String(4, "kept")
		return l.Commit(ctx, w)
	}},
	{"typed map[string] key", "labels", func(ctx context.Context, l observe.Logger, reg *observe.Registry, d string) error {
		w := l.Begin(ctx, reg.Lookup("test.disguise"), 0)
		w.StringMap(2, map[string]string{"a": "ok", d: "ok"})
		w.String(4, "kept")
		return l.Commit(ctx, w)
	}},
	{"typed string (writer)", "note", func(ctx context.Context, l observe.Logger, reg *observe.Registry, d string) error {
		w := l.Begin(ctx, reg.Lookup("test.disguise"), 0)
		w.String(0, d)
		w.String(4, "kept")
		return l.Commit(ctx, w)
	}},
	{"typed list element (writer)", "notes", func(ctx context.Context, l observe.Logger, reg *observe.Registry, d string) error {
		w := l.Begin(ctx, reg.Lookup("test.disguise"), 0)
		w.StringList(1, []string{"ok", d})
		w.String(4, "kept")
		return l.Commit(ctx, w)
	}},
	{"dynamic map[string] value", "labels", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "test.disguise", map[string]any{"labels": map[string]string{"a": "ok", "b": d}, "keep": "kept"})
	}},
	{"dynamic map[string] key", "labels", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "test.disguise", map[string]any{"labels": map[string]any{"a": "ok", d: "ok"}, "keep": "kept"})
	}},
	{"dynamic map[float] key", "scores", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "test.disguise", map[string]any{"scores": map[string]float64{d: 1}, "keep": "kept"})
	}},
	{"dynamic list element, []string", "notes", func(ctx context.Context, l observe.Logger, _ *observe.Registry, d string) error {
		return l.Emit(ctx, "test.disguise", map[string]any{"notes": []string{d}, "keep": "kept"})
	}},
}

// TestDisguisedDNADroppedOnEveryDataPath: lenient, the key is dropped and
// the rest of the record written; strict, the record is refused and the
// violation record names rule dna. Either way no base is written, and the
// error returned does not quote the value.
func TestDisguisedDNADroppedOnEveryDataPath(t *testing.T) {
	ctx := context.Background()
	reg := disguiseRegistry(t)
	type regPaths struct {
		reg   *observe.Registry
		paths []dataPath
	}
	for _, rp := range []regPaths{{events.Registry(), dataPaths}, {reg, mapPaths}} {
		for _, p := range rp.paths {
			for _, d := range disguises() {
				t.Run(p.name+"/"+d.name, func(t *testing.T) {
					l, sink := disguiseLogger(t, rp.reg, false)
					if err := p.emit(ctx, l, rp.reg, d.v); err != nil {
						t.Fatalf("lenient: %v", err)
					}
					lines := sink.take()
					if len(lines) != 1 {
						t.Fatalf("lenient wrote %d records, want 1", len(lines))
					}
					data := decode(t, lines[0])["data"].(map[string]any)
					if _, ok := data[p.key]; ok {
						t.Errorf("lenient kept data.%s: %q", p.key, lines[0])
					}
					if len(data) == 0 {
						t.Errorf("lenient dropped the whole record: %s", lines[0])
					}
					if leaked(t, lines[0], d.v) {
						t.Errorf("lenient: bases written: %q", lines[0])
					}

					ls, ssink := disguiseLogger(t, rp.reg, true)
					err := p.emit(ctx, ls, rp.reg, d.v)
					var iv *observe.InvariantViolation
					if !errors.As(err, &iv) {
						t.Fatalf("strict returned %v, want an InvariantViolation", err)
					}
					if !strings.Contains(strings.Join(iv.Result.Rules(), ","), "dna") {
						t.Errorf("strict rules %v, want dna", iv.Result.Rules())
					}
					out := joined(ssink.take())
					if leaked(t, out, d.v) || leaked(t, []byte(err.Error()), d.v) {
						t.Errorf("strict: bases written or returned: %q, %v", out, err)
					}
					if !strings.Contains(string(out), `"rules":["dna"`) {
						t.Errorf("strict: no violation record naming dna: %s", out)
					}
				})
			}
		}
	}
}

// TestDisguisedDNAPhase: a phase holding a disguise is refused; the
// record is written without a phase.
func TestDisguisedDNAPhase(t *testing.T) {
	ctx := context.Background()
	for _, d := range disguises() {
		t.Run(d.name, func(t *testing.T) {
			l, sink := newLogger(t, true, observe.Debug)
			if err := (events.EvalRunStart{Benchmark: "b"}).Log(ctx, l.WithPhase(d.v)); err != nil {
				t.Fatal(err)
			}
			if err := (events.EvalRunStart{Benchmark: "b"}).Log(ctx, l.WithPhase("phase2").WithPhase(d.v)); err != nil {
				t.Fatal(err)
			}
			lines := sink.take()
			if len(lines) != 2 {
				t.Fatalf("wrote %d records, want 2", len(lines))
			}
			for _, line := range lines {
				if rec := decode(t, line); rec["phase"] != nil {
					t.Errorf("phase written: %s", line)
				}
				if leaked(t, line, d.v) {
					t.Errorf("bases written: %q", line)
				}
			}
		})
	}
	// The control: a plain phase is written.
	l, sink := newLogger(t, true, observe.Debug)
	events.EvalRunStart{Benchmark: "b"}.Log(ctx, l.WithPhase("phase2"))
	if rec := decode(t, sink.take()[0]); rec["phase"] != "phase2" {
		t.Errorf("plain phase: %v", rec)
	}
}

// TestDisguisedDNARunID: NewLogger and Start refuse a run id holding a
// disguise, without repeating it, and Start creates no file.
func TestDisguisedDNARunID(t *testing.T) {
	ctx := context.Background()
	for _, d := range disguises() {
		t.Run(d.name, func(t *testing.T) {
			sink := &memSink{}
			_, err := observe.NewLogger(events.Registry(), observe.LoggerOptions{RunID: d.v, Sinks: []observe.Sink{sink}})
			if err == nil {
				t.Fatal("NewLogger accepted the run id")
			}
			if leaked(t, []byte(err.Error()), d.v) {
				t.Errorf("NewLogger's error repeats the run id: %v", err)
			}
			if len(sink.take()) != 0 {
				t.Error("NewLogger wrote a record")
			}

			root := t.TempDir()
			cfg := observe.DefaultConfig()
			cfg.LogDir = filepath.Join(root, "logs")
			cfg.RunID = d.v
			s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
			if err == nil {
				s.Close(ctx)
				t.Fatal("Start accepted the run id")
			}
			if leaked(t, []byte(err.Error()), d.v) {
				t.Errorf("Start's error repeats the run id: %v", err)
			}
			filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
				if path != root {
					t.Errorf("Start created %s", path)
				}
				return nil
			})
		})
	}
}

// TestMustKeepCorpusPasses: prose, digests, UUIDs, variant notation, rs
// ids, file and model names and the config hash pass a string field and a
// list element unchanged, in strict mode.
func TestMustKeepCorpusPasses(t *testing.T) {
	ctx := context.Background()
	l, sink := newLogger(t, true, observe.Debug)
	for name, v := range dnatest.MustKeep {
		if err := (events.EvalRunStart{Benchmark: "b", SuiteVersion: v}).Log(ctx, l); err != nil {
			t.Errorf("%s: typed: %v", name, err)
			continue
		}
		if err := l.Emit(ctx, "training.run.start", map[string]any{"model": v, "config_hash": "c", "tags": []string{v}}); err != nil {
			t.Errorf("%s: dynamic: %v", name, err)
			continue
		}
		lines := sink.take()
		if len(lines) != 2 {
			t.Fatalf("%s: %d records", name, len(lines))
		}
		if d := decode(t, lines[0])["data"].(map[string]any); d["suite_version"] != v {
			t.Errorf("%s: typed string %q, want %q", name, d["suite_version"], v)
		}
		d := decode(t, lines[1])["data"].(map[string]any)
		if tags, _ := d["tags"].([]any); d["model"] != v || len(tags) != 1 || tags[0] != v {
			t.Errorf("%s: dynamic %v, want %q", name, d, v)
		}
	}
	for _, v := range []string{"BRCA1", "c.68_69delAG", "NM_007294.4", "rs80357906"} {
		if _, ok := func() (string, bool) {
			for _, k := range dnatest.MustKeep {
				if k == v {
					return k, true
				}
			}
			return "", false
		}(); !ok {
			t.Errorf("the must-keep corpus lost %s", v)
		}
	}
}

// TestLeakDetector: the detector the tests above rely on sees every
// disguise, raw and JSON-escaped, in a record; and none of the must-keep
// corpus.
func TestLeakDetector(t *testing.T) {
	for _, d := range disguises() {
		raw, _ := json.Marshal(map[string]string{"v": d.v})
		ascii := strings.NewReplacer("\u200b", `\u200b`, "\u200d", `\u200d`, "\ufeff", `\ufeff`).Replace(string(raw))
		for _, line := range []string{string(raw), ascii} {
			if !leaked(t, []byte(line+"\n"), d.v) {
				t.Errorf("%s: not seen in %s", d.name, line)
			}
		}
	}
	for name, v := range dnatest.MustKeep {
		if hasDNA(v) {
			t.Errorf("%s: the independent rule sees DNA in a must-keep value", name)
		}
	}
}
