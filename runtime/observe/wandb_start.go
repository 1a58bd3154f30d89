package observe

import (
	"context"
	"io"
	"time"

	"github.com/genolewm/obs/runtime/internal/diag"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
)

// withWandB opens the W&B run when cfg asks for one (wandb_config.go) and
// adds its sink to sinks, after the others: like every sink it receives
// records from the redaction filter only. On a crash or a signal, a hook
// registered before the session's own sets the exit code of the run's
// exit record (2 for a crash, 128 + the signal number), and the crash
// monitor learns the file, to end the run if the process dies of a fatal
// error.
func withWandB(sinks []Sink, reg *Registry, cfg Config, diagnostics io.Writer) ([]Sink, *wandbrun.Sink, error) {
	w := cfg.WandB
	if !w.Enabled() {
		return sinks, nil, nil
	}
	id := w.RunID
	if id == "" {
		id = wandbrun.IDFor(cfg.RunID)
	}
	name := w.Name
	if name == "" {
		name = cfg.RunID
	}
	d := diag.New(diagnostics)
	run, err := wandbrun.Open(wandbrun.Options{Registry: reg, Dir: w.Dir, Project: w.Project, Entity: w.Entity,
		ID: id, Name: name, Timeout: cfg.WriteTimeout, Note: func(s string) { d.Print("genolewm/obs: " + s) },
		Step: func() (int64, bool) { return step.Load(), stepSet.Load() }})
	if err != nil {
		return sinks, nil, err
	}
	onShutdown(func(_ context.Context, signal string) bool {
		switch signal {
		case "":
			run.SetExitCode(2) // Main's status for a crash
		case "sigint":
			run.SetExitCode(130)
		default:
			run.SetExitCode(143)
		}
		return false // the session's own hook reports whether it was open
	})
	setTarget(func(t *target) { t.wandb = run.Path() })
	return append(sinks, run), run, nil
}

// SetExitCode sets the exit code the W&B run records when the session
// closes: 0 by default (the run shows as finished), any other value marks
// it failed. A program that fails without crashing calls it before Close;
// a crash records 2 and a signal 128 + its number by themselves. Without
// a W&B run it does nothing.
func (s *Session) SetExitCode(code int) {
	if s.wandb != nil {
		s.wandb.SetExitCode(code)
	}
}

// wandbStep gives the W&B run the program's step (SetStep): at the steps
// the sampling rule keeps (every log_every), the metrics marked for W&B
// make a history row even when no history record is logged.
func (s *Session) wandbStep(n int64) {
	if s.wandb == nil {
		return
	}
	every := s.Config.LogEvery
	if every <= 0 {
		every = 100
	}
	if n%every == 0 {
		_ = s.wandb.Step(n) // a loss is counted and reported by the sink's reporter
	}
}

// finishWandB ends the W&B run of a process that died of a fatal error:
// the crash monitor calls it after writing the crash record.
func finishWandB(t target) {
	if t.wandb != "" {
		_ = wandbrun.Finish(t.wandb, 2, time.Now()) // best effort: the crash record says what happened
	}
}
