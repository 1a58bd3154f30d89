package observe

import (
	"errors"
	"fmt"
	"strings"
	"unicode"

	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/runtime/internal/wandbrun"
)

// The W&B sink writes an offline W&B run beside the log (README, "Weights &
// Biases"). It is off unless asked for, and then never needs a server:
//
//   - -wandb-project NAME turns it on for project NAME;
//   - so does GENO_LEWM_WANDB=1 with WANDB_PROJECT=NAME. WANDB_PROJECT
//     alone never does: it is often set for every W&B run of a shell, and
//     telemetry is opt-in (INV-OBS-5). The flag's NAME wins over
//     WANDB_PROJECT;
//   - WANDB_MODE=disabled turns it off, whatever else is set; offline,
//     dryrun or unset are accepted; any other mode (online, shared, ...)
//     needs a W&B server and is refused at Start, saying how to upload.
//
// Where it is on, WANDB_DIR (default: the current folder), WANDB_ENTITY,
// WANDB_RUN_ID (default: the run id, or a valid W&B id derived from it)
// and WANDB_NAME (default: the run id) are honoured as the W&B client
// honours them.

// Environment variables of the W&B sink: the switch is this layer's, the
// rest W&B's own.
const (
	EnvWandB        = "GENO_LEWM_WANDB"
	EnvWandBProject = "WANDB_PROJECT"
	EnvWandBDir     = "WANDB_DIR"
	EnvWandBEntity  = "WANDB_ENTITY"
	EnvWandBRunID   = "WANDB_RUN_ID"
	EnvWandBName    = "WANDB_NAME"
	EnvWandBMode    = "WANDB_MODE"
)

// WandBConfig configures the W&B sink.
type WandBConfig struct {
	// Project turns the sink on and names the W&B project
	// (-wandb-project, or WANDB_PROJECT with GENO_LEWM_WANDB=1).
	Project string
	// Switch is GENO_LEWM_WANDB=1: WANDB_PROJECT is then the project.
	Switch bool
	// Dir is WANDB_DIR: the run goes to Dir/wandb/offline-run-.../;
	// empty means the current folder.
	Dir string
	// Entity, RunID and Name are WANDB_ENTITY, WANDB_RUN_ID and
	// WANDB_NAME.
	Entity, RunID, Name string
	// Mode is WANDB_MODE.
	Mode string
}

// Enabled reports whether the sink writes a run.
func (w *WandBConfig) Enabled() bool { return w.Project != "" && w.Mode != "disabled" }

// The switch and the flag are settings like the others; init adds them to
// the table config.go walks.
func init() {
	settings = append(settings,
		setting{EnvWandB, "", "", func(c *Config, v string) error {
			switch strings.ToLower(v) {
			case "1", "true":
				c.WandB.Switch = true
			case "0", "false":
				c.WandB.Switch = false
			default:
				return errors.New("is not 1 or 0")
			}
			return nil
		}, func(c *Config) string {
			if c.WandB.Switch {
				return "1"
			}
			return "0"
		}},
		setting{EnvWandBProject, "wandb-project", "also write an offline W&B run of project NAME, to upload later with `wandb sync` (WANDB_PROJECT counts only with GENO_LEWM_WANDB=1)", func(c *Config, v string) error {
			c.WandB.Project = v
			return nil
		}, func(c *Config) string { return c.WandB.Project }},
	)
}

// readWandBEnv reads W&B's own variables, after the settings: a
// WANDB_PROJECT without the switch is forgotten (a -wandb-project flag,
// applied later, still sets it).
func (c *Config) readWandBEnv(getenv func(string) string) {
	w := &c.WandB
	if !w.Switch {
		w.Project = ""
	}
	w.Dir, w.Entity, w.RunID, w.Name, w.Mode = getenv(EnvWandBDir), getenv(EnvWandBEntity), getenv(EnvWandBRunID), getenv(EnvWandBName), strings.ToLower(getenv(EnvWandBMode))
}

// errWandBOnline is the refusal of a mode that needs a W&B server.
var errWandBOnline = errors.New("observe: WANDB_MODE asks for a W&B run on a server, which this layer never contacts: it writes an offline run. " +
	"Unset WANDB_MODE or set it to offline, then upload the run with `wandb sync DIR` on a machine that has the W&B client")

// check validates the W&B configuration before Start creates anything.
// Errors name the variable or flag and the rule, never the value.
func (w *WandBConfig) check() error {
	if w.Mode == "disabled" {
		return nil
	}
	if w.Project == "" {
		if w.Switch {
			return errors.New("observe: GENO_LEWM_WANDB=1 turns on the W&B run, which needs a project: set WANDB_PROJECT=NAME or give -wandb-project NAME")
		}
		return nil
	}
	switch w.Mode {
	case "", "offline", "dryrun":
	default:
		return errWandBOnline
	}
	if err := wandbText(w.Project, 128, "/\\#?%:"); err != nil {
		return fmt.Errorf("observe: the W&B project (-wandb-project or WANDB_PROJECT) %w", err)
	}
	if w.Entity != "" {
		if err := wandbText(w.Entity, 64, "/\\#?%: "); err != nil {
			return fmt.Errorf("observe: environment variable %s %w", EnvWandBEntity, err)
		}
	}
	if w.Name != "" {
		if err := wandbText(w.Name, 128, ""); err != nil {
			return fmt.Errorf("observe: environment variable %s %w", EnvWandBName, err)
		}
	}
	if w.RunID != "" {
		if err := wandbrun.CheckID(w.RunID); err != nil {
			return fmt.Errorf("observe: environment variable %s %w", EnvWandBRunID, err)
		}
	}
	if w.Dir != "" {
		if err := checkDir(w.Dir); err != nil {
			return fmt.Errorf("observe: environment variable %s %w", EnvWandBDir, err)
		}
	}
	return nil
}

// wandbText is the rule for a W&B name: 1 to max bytes, no control or
// format characters, none of forbidden, no DNA run.
func wandbText(s string, max int, forbidden string) error {
	rule := fmt.Errorf("must be 1-%d characters without control characters", max)
	if forbidden != "" {
		rule = fmt.Errorf("must be 1-%d characters without control characters or any of %s", max, strings.TrimSpace(strings.Join(strings.Split(forbidden, ""), " ")))
	}
	if s == "" || len(s) > max || strings.ContainsAny(s, forbidden) {
		return rule
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == unicode.ReplacementChar {
			return rule
		}
	}
	if dna.Has(s) {
		return errors.New("holds a DNA sequence; choose another")
	}
	return nil
}
