package regdiff

// The W&B forwarding cases join TestCompare's table, which also checks
// that every change kind is produced by some case.
func init() { diffCases = append(diffCases, wandbCases...) }

const (
	stepFields   = "    sampling: {every: log_every}\n    fields:\n"
	stepWandB    = "    sampling: {every: log_every}\n    wandb: {as: history, fields: [loss, lr]}\n    fields:\n"
	metricLine   = "    description: per step\n"
	metricWandB  = "    description: per step\n    wandb: history\n"
	metricSumary = "    description: per step\n    wandb: summary\n"
)

var wandbCases = []struct {
	name           string
	baseEv, baseMe edits
	headEv, headMe edits
	want           []want
}{
	{name: "an event starts being forwarded", headEv: edits{stepFields, stepWandB},
		want: []want{{EventWandBAdded, "event train.step"}}},
	{name: "an event stops being forwarded", baseEv: edits{stepFields, stepWandB}, headEv: edits{"    wandb: {as: history, fields: [loss, lr]}\n", ""},
		want: []want{{EventWandBRemoved, "event train.step"}}},
	{name: "forwarded keys change", baseEv: edits{stepFields, stepWandB}, headEv: edits{"fields: [loss, lr]}", "fields: [loss, wall_ms]}"},
		want: []want{{EventWandBFieldAdded, "event train.step key wall_ms"}, {EventWandBFieldRemoved, "event train.step key lr"}}},
	{name: "history becomes summary", baseEv: edits{stepFields, stepWandB}, headEv: edits{"{as: history,", "{as: summary,"},
		want: []want{{EventWandBRole, "event train.step"}}},
	{name: "items get named by a key", baseEv: edits{stepFields, "    sampling: {every: log_every}\n    wandb: {as: summary, fields: [loss]}\n    fields:\n"},
		headEv: edits{"{as: summary, fields: [loss]}", "{as: summary, fields: [loss], key: name}",
			`      - {name: loss, type: float, required: true, description: "Loss."}`, `      - {name: loss, type: float, required: true, description: "Loss."}` + "\n" + `      - {name: name, type: string, required: true, description: "Name."}`},
		want: []want{{EventWandBKey, "event train.step"}, {FieldAddedRequired, "event train.step key name"}}},
	{name: "a metric starts being forwarded", baseMe: edits{"    description: per step\n", metricLine}, headMe: edits{metricLine, metricWandB},
		want: []want{{MetricWandBAdded, "metric app.step.duration"}}},
	{name: "a metric stops being forwarded", baseMe: edits{metricLine, metricWandB}, headMe: edits{"    wandb: history\n", ""},
		want: []want{{MetricWandBRemoved, "metric app.step.duration"}}},
	{name: "a metric moves to the summary", baseMe: edits{metricLine, metricWandB}, headMe: edits{metricWandB, metricSumary},
		want: []want{{MetricWandBRole, "metric app.step.duration"}}},
}
