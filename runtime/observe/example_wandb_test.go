package observe_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/generated/meters"
	"github.com/genolewm/obs/runtime/observe"
)

// A session with a W&B project also writes an offline W&B run, which
// `wandb sync DIR` uploads later from any machine with the W&B client.
// Setting the step every step lets the run chart the marked metrics (the
// losses) at each log_every step, at any log level.
func ExampleSession_wandB() {
	dir, _ := os.MkdirTemp("", "example-wandb-")
	defer os.RemoveAll(dir)
	cfg := observe.DefaultConfig()
	cfg.LogDir = filepath.Join(dir, "logs")
	cfg.RunID = "run-example-wandb"
	cfg.WandB.Project = "demo"                     // -wandb-project demo
	cfg.WandB.Dir = filepath.Join(dir, "wandbdir") // WANDB_DIR
	ctx := context.Background()
	s, err := observe.Start(ctx, events.Registry(), cfg, observe.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	_ = events.TrainingRunStart{Model: "lewm-s", ConfigHash: "9f2c1e0b"}.Log(ctx, s.Log)
	for step := int64(0); step < 300; step++ {
		meters.TrainingLossPred.Set(1 / float64(step+1))
		s.SetStep(step)
	}
	_ = events.TrainingRunEnd{Status: "completed", StepsCompleted: 300}.Log(ctx, s.Log)
	if err := s.Close(ctx); err != nil {
		fmt.Println(err)
		return
	}
	rel, _ := filepath.Rel(cfg.WandB.Dir, s.WandBDir)
	fmt.Println(strings.HasPrefix(rel, "wandb/offline-run-"), strings.HasSuffix(rel, "-run-example-wandb"))
	fmt.Println("upload with: wandb sync", filepath.Base(filepath.Dir(s.WandBDir))+"/...")
	// Output:
	// true true
	// upload with: wandb sync wandb/...
}
