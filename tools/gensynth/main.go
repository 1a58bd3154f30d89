// Command gensynth writes a synthetic instrumented Go code base for
// measuring the linters: -pkgs packages (default 220) of -funcs functions
// each, every function logging typed and dynamic events and recording
// metrics through this repository's runtime, with a chain of imports
// between packages, wrappers (for the wrapper facts) and a main package
// that imports them all (for the whole-program check).
//
//	go run ./tools/gensynth -out out/synth
//
// The tree is its own module, example.com/synth, with a replace directive
// to this repository and a copy of its go.sum, so it builds offline.
package main

import (
	"bytes"
	"flag"
	"fmt"
	"go/format"
	"log"
	"os"
	"path/filepath"
)

func main() {
	out := flag.String("out", "out/synth", "output directory (replaced)")
	npkgs := flag.Int("pkgs", 220, "number of packages")
	nfuncs := flag.Int("funcs", 12, "functions per package")
	salt := flag.String("salt", "", "text put in every file's doc comment, so that go vet's result cache cannot answer for a new tree")
	repo := flag.String("repo", ".", "path to this repository (for the replace directive and go.sum)")
	flag.Parse()
	log.SetFlags(0)
	absRepo, err := filepath.Abs(*repo)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.RemoveAll(*out); err != nil {
		log.Fatal(err)
	}
	write := func(name string, src []byte, gofmt bool) {
		if gofmt {
			var err error
			if src, err = format.Source(src); err != nil {
				log.Fatalf("%s: %v", name, err)
			}
		}
		p := filepath.Join(*out, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			log.Fatal(err)
		}
		if err := os.WriteFile(p, src, 0o644); err != nil {
			log.Fatal(err)
		}
	}
	write("go.mod", fmt.Appendf(nil, "module example.com/synth\n\ngo 1.26.0\n\nrequire github.com/genolewm/obs v0.0.0\n\nreplace github.com/genolewm/obs => %s\n", absRepo), false)
	sum, err := os.ReadFile(filepath.Join(absRepo, "go.sum"))
	if err != nil {
		log.Fatal(err)
	}
	write("go.sum", sum, false)

	lines := 0
	var mainImports bytes.Buffer
	for p := 0; p < *npkgs; p++ {
		name := fmt.Sprintf("p%03d", p)
		var b bytes.Buffer
		fmt.Fprintf(&b, "// Package %s is synthetic instrumented code. %s\npackage %s\n\nimport (\n\t\"context\"\n\t\"errors\"\n\t\"math\"\n\t\"strconv\"\n\n", name, *salt, name)
		fmt.Fprintf(&b, "\t\"github.com/genolewm/obs/generated/events\"\n\t\"github.com/genolewm/obs/generated/meters\"\n\t\"github.com/genolewm/obs/runtime/observe\"\n")
		if p > 0 {
			fmt.Fprintf(&b, "\tdep \"example.com/synth/p%03d\"\n", p-1)
		}
		fmt.Fprintf(&b, ")\n\n")
		fmt.Fprintf(&b, `// Worker holds per-package state.
type Worker struct {
	L     observe.Logger
	Cache map[string]float64
	Step  int64
}

// logCache is a wrapper: its name parameter reaches Emit.
func logCache(ctx context.Context, l observe.Logger, name, key string) error {
	return l.Emit(ctx, name, map[string]any{"cache": "encoded_windows", "key_hash": key})
}

var errNonFinite = errors.New("%s: non-finite loss")

`, name)
		for f := 0; f < *nfuncs; f++ {
			fmt.Fprintf(&b, `// Step%[1]d runs one synthetic training step.
func (w *Worker) Step%[1]d(ctx context.Context, x float64) (float64, error) {
	s := 0.0
	for i := 0; i < %[2]d; i++ {
		s += math.Sqrt(float64(i)*x + %[1]d)
		if i%%7 == 3 {
			s -= math.Log1p(float64(i))
		}
	}
	key := strconv.FormatInt(int64(s*1000), 16)
	if v, ok := w.Cache[key]; ok {
		meters.DataCacheHit.Inc()
		if err := logCache(ctx, w.L, "data.cache.hit", key); err != nil {
			return 0, err
		}
		s += v
	} else {
		meters.DataCacheMiss.Inc()
		if err := (events.DataCacheMiss{Cache: "encoded_windows", KeyHash: key}).Log(ctx, w.L); err != nil {
			return 0, err
		}
		w.Cache[key] = s
	}
	if math.IsNaN(s) || math.IsInf(s, 0) {
		return 0, errNonFinite
	}
	w.Step++
	meters.TrainingLossPred.Set(s)
	meters.TrainingStepDuration.Observe(float64(%[2]d))
	err := events.TrainingStep{LossPred: s, LossReg: s / 2, LR: 1e-4, BatchSize: 32}.Log(ctx, w.L.WithStep(w.Step))
	if err != nil {
		return 0, err
	}
`, f, 10+f%13)
			if p > 0 {
				fmt.Fprintf(&b, "\td := &dep.Worker{L: w.L, Cache: w.Cache}\n\tif v, err := d.Step%d(ctx, s); err == nil {\n\t\ts += v\n\t}\n", f)
			}
			fmt.Fprintf(&b, "\treturn s, nil\n}\n\n")
		}
		src, err := format.Source(b.Bytes())
		if err != nil {
			log.Fatalf("%s: %v", name, err)
		}
		lines += bytes.Count(src, []byte("\n"))
		write(filepath.Join(name, name+".go"), src, false)
		fmt.Fprintf(&mainImports, "\t_ \"example.com/synth/%s\"\n", name)
	}
	mainSrc := fmt.Sprintf(`// Command synth links every synthetic package.
package main

import (
	"context"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/runtime/observe"
	last "example.com/synth/p%03d"
%s)

func main() {
	cfg := observe.DefaultConfig()
	cfg.LogDir, cfg.RunID = "synth-logs", "synth"
	s, err := observe.Start(context.Background(), events.Registry(), cfg, observe.Options{})
	if err != nil {
		panic(err)
	}
	defer s.Close(context.Background())
	l := s.Log
	w := &last.Worker{L: l, Cache: map[string]float64{}}
	_, _ = w.Step0(context.Background(), 1)
}
`, *npkgs-1, mainImports.String())
	write(filepath.Join("cmd", "synth", "main.go"), []byte(mainSrc), true)
	// Generated after the packages so that go.mod lists their requirements.
	fmt.Printf("gensynth: %d packages, %d lines of Go in %s\n", *npkgs+1, lines, *out)
}
