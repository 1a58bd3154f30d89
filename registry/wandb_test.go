package registry

import (
	"strings"
	"testing"
)

// wandbEvents is a module registry with one event of each W&B role; the
// cases below break its wandb blocks one way each.
const wandbEvents = `version: 0.2.0
deny_keys: [clinic_id]
events:
  - name: train.step
    severity: debug
    description: Every step.
    stability: stable
    since: 0.1.0
    wandb: {as: history, fields: [loss, lr]}
    fields:
      - {name: loss, type: float, required: true, description: Loss.}
      - {name: lr, type: float, description: Learning rate.}
      - {name: note, type: string, description: A note.}
  - name: train.metric
    severity: info
    description: A scalar.
    stability: stable
    since: 0.1.0
    wandb: {as: history, fields: [value], key: metric}
    fields:
      - {name: metric, type: string, required: true, description: Its name.}
      - {name: value, type: float, required: true, description: Its value.}
  - name: train.start
    severity: info
    description: Start.
    stability: stable
    since: 0.1.0
    wandb: {as: config, fields: [model, tags]}
    fields:
      - {name: model, type: string, required: true, description: Model.}
      - {name: tags, type: "list[string]", description: Tags.}
`

const wandbMetrics = `version: 0.2.0
metrics:
  - name: geno_lewm.train.loss
    kind: gauge
    unit: unitless
    description: last loss
    stability: stable
    since: 0.1.0
    wandb: history
`

func TestWandBForwardingParses(t *testing.T) {
	r, err := Parse("events.yaml", []byte(wandbEvents), "metrics.yaml", []byte(wandbMetrics))
	if err != nil {
		t.Fatal(err)
	}
	step := r.Event("train.step")
	if step.WandB == nil || step.WandB.As != WandBHistory || !step.WandB.Forwards("loss") || step.WandB.Forwards("note") {
		t.Errorf("train.step forwarding = %+v", step.WandB)
	}
	if got := WandBText(r.Event("train.metric").WandB); got != "history: value (items named by metric)" {
		t.Errorf("WandBText = %q", got)
	}
	if r.Event("error").WandB != nil {
		t.Error("a core event is forwarded, but no core event is marked")
	}
	if got := r.Metric("geno_lewm.train.loss").WandB; got != WandBHistory {
		t.Errorf("metric wandb = %q", got)
	}
	if WandBText(nil) != "none" {
		t.Error("an unmarked event must read as none")
	}
}

func TestWandBRejections(t *testing.T) {
	cases := []struct {
		name, old, new string
		metrics        bool
		want           string
	}{
		{"unknown role", "{as: config, fields: [model, tags]}", "{as: chart, fields: [model]}", false, `wandb.as is "chart"`},
		{"no fields", "{as: config, fields: [model, tags]}", "{as: config, fields: []}", false, "forwards no keys"},
		{"unknown field", "{as: history, fields: [loss, lr]}", "{as: history, fields: [loss, momentum]}", false, `wandb field "momentum" is not a key`},
		{"duplicate field", "{as: history, fields: [loss, lr]}", "{as: history, fields: [loss, loss]}", false, "listed twice"},
		{"string in history", "{as: history, fields: [loss, lr]}", "{as: history, fields: [loss, note]}", false, `history field "note" is a string`},
		{"unknown key", "key: metric}", "key: name}", false, `wandb.key "name" is not a key`},
		{"optional key", "fields: [value], key: metric}", "fields: [metric], key: value}", false, "not a required string key"},
		{"key forwarded", "fields: [value], key: metric}", "fields: [value, metric], key: metric}", false, "is also wandb.key"},
		{"key on config", "{as: config, fields: [model, tags]}", "{as: config, fields: [tags], key: model}", false, "wandb.key on config"},
		{"unknown block key", "{as: config, fields: [model, tags]}", "{as: config, fields: [model], upload: true}", false, `unknown key "upload"`},
		{"metric role", "wandb: history", "wandb: config", true, `wandb is "config"`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			events, metrics := wandbEvents, wandbMetrics
			target := &events
			if c.metrics {
				target = &metrics
			}
			if !strings.Contains(*target, c.old) {
				t.Fatalf("fixture lacks %q", c.old)
			}
			*target = strings.Replace(*target, c.old, c.new, 1)
			_, err := Parse("events.yaml", []byte(events), "metrics.yaml", []byte(metrics))
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("want an error containing %q, got %v", c.want, err)
			}
		})
	}
}
