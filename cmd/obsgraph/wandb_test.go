package main

import (
	"bytes"
	"testing"
)

// TestWandBSinkCovered runs the default check on the runtime and the
// generated packages and requires the W&B sink among the sink methods it
// found: the proof that no path from the logger reaches a sink without the
// filter covers it, and it holds.
func TestWandBSinkCovered(t *testing.T) {
	if testing.Short() {
		t.Skip("loads and builds SSA for the runtime and its dependencies")
	}
	cfg := DefaultConfig()
	cfg.Dir = "../.."
	cfg.Patterns = []string{"./runtime/...", "./generated/..."}
	res, err := Check(cfg)
	if err != nil {
		t.Fatal(err)
	}
	const wandb = "(*github.com/genolewm/obs/runtime/internal/wandbrun.Sink).WriteRecord"
	found := false
	for _, s := range res.Sinks {
		found = found || s.String() == wandb
	}
	if !found {
		t.Fatalf("%s is not among the sink methods the check knows: %v", wandb, res.Sinks)
	}
	if res.Witness != nil {
		var out bytes.Buffer
		res.Witness.Print(&out)
		t.Fatalf("a path skips the filter:\n%s", out.String())
	}
}
