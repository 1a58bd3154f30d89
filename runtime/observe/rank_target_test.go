package observe

import (
	"testing"
	"time"
)

// Crash records of a rank carry its rank and go to its file: the target
// the monitor process gets keeps both, and a rank resolved before any
// configuration is loaded comes from the launcher's variables.
func TestCrashTargetKeepsRank(t *testing.T) {
	in := target{dir: "/d", runID: "run-x", timeout: time.Second, rank: Rank{Rank: 3, WorldSize: 8, LocalRank: 1, LocalWorldSize: 2}, perRank: true}
	out, ok := decodeTarget(in.encode()[:len(in.encode())-1])
	if !ok || out.rank != in.rank || !out.perRank || out.runID != "run-x" {
		t.Fatalf("decoded %+v, want %+v", out, in)
	}
	if got := logStem(out.runID, out.rank, out.perRank); got != "run-x.rank-3" {
		t.Errorf("crash file stem %q", got)
	}
	t.Setenv("RANK", "5")
	t.Setenv("WORLD_SIZE", "8")
	if r, per := initialRank([]string{"-log-per-rank", "1"}); r.Rank != 5 || r.WorldSize != 8 || !per {
		t.Errorf("initial rank %+v %v", r, per)
	}
	t.Setenv("RANK", "9") // not below the world size: a single-process record, not a guess
	if r, _ := initialRank(nil); r != (Rank{}) {
		t.Errorf("an inconsistent rank was kept: %+v", r)
	}
}
