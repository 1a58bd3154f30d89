package main

import (
	"bytes"
	"sync"
	"testing"
)

var repository struct {
	once sync.Once
	res  *Result
	err  error
}

// repositoryCheck runs the default check once on this repository's
// runtime and generated packages, for the tests that read its result, and
// fails the test on a path that skips the filter.
func repositoryCheck(t *testing.T) *Result {
	t.Helper()
	if testing.Short() {
		t.Skip("loads and builds SSA for the whole module and its dependencies")
	}
	repository.once.Do(func() {
		cfg := DefaultConfig()
		cfg.Dir = "../.."
		// A narrow pattern: the check loads the whole module anyway.
		cfg.Patterns = []string{"./runtime/observe"}
		repository.res, repository.err = Check(cfg)
	})
	if repository.err != nil {
		t.Fatal(repository.err)
	}
	if w := repository.res.Witness; w != nil {
		var out bytes.Buffer
		w.Print(&out)
		t.Fatalf("path that skips the filter:\n%s", out.String())
	}
	return repository.res
}

// TestWandBSinkCovered: the W&B sink is among the sink methods the check
// found, so its proof that no path from the logger reaches a sink without
// the filter covers it (and repositoryCheck finds no such path).
func TestWandBSinkCovered(t *testing.T) {
	res := repositoryCheck(t)
	const wandb = "(*github.com/genolewm/obs/runtime/internal/wandbrun.Sink).WriteRecord"
	for _, s := range res.Sinks {
		if s.String() == wandb {
			return
		}
	}
	t.Fatalf("%s is not among the sink methods the check knows: %v", wandb, res.Sinks)
}
