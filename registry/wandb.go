package registry

import (
	"fmt"
	"strings"
)

// W&B forwarding. The W&B sink (runtime/internal/wandbrun) writes an offline
// W&B run; it forwards nothing but what the registry marks here:
//
//   - an event's wandb block names the keys of its records that are
//     forwarded, and whether they become history (a row at the record's
//     step), summary or config items;
//   - a metric's wandb key says whether its values are read into each
//     history row or into the summary.
//
// Item names are the registered names: <event>.<key> for history and
// summary, the plain key for config, the metric's dotted name for metrics.
// An event with a wandb key (for example training.metric's metric) names its
// items by that key's value instead: <event>.<value>, or
// <event>.<value>.<key> when it forwards more than one key.

// The roles an event's records, or a metric's values, can have in a W&B run.
const (
	WandBHistory = "history"
	WandBSummary = "summary"
	WandBConfig  = "config"
)

// WandB is an event's W&B forwarding.
type WandB struct {
	Node `yaml:"-"`
	// As is history, summary or config.
	As string `yaml:"as"`
	// Fields are the keys of the event's data that are forwarded.
	Fields []Ident `yaml:"fields"`
	// Key, when set, is a required string key whose value names the
	// forwarded items (it is not forwarded itself).
	Key string `yaml:"key"`
}

// Forwards reports whether field name of the event is forwarded to W&B.
func (w *WandB) Forwards(name string) bool {
	if w == nil {
		return false
	}
	for _, f := range w.Fields {
		if f.Value == name {
			return true
		}
	}
	return false
}

// FieldNames returns the forwarded keys, in order.
func (w *WandB) FieldNames() []string {
	if w == nil {
		return nil
	}
	out := make([]string, len(w.Fields))
	for i, f := range w.Fields {
		out[i] = f.Value
	}
	return out
}

var (
	eventRoles  = []string{WandBHistory, WandBSummary, WandBConfig}
	metricRoles = []string{WandBHistory, WandBSummary}
)

// validateEventWandB checks an event's wandb block.
func validateEventWandB(ev *Event, what string, e *errs) {
	w := ev.WandB
	if w == nil {
		return
	}
	if !oneOf(w.As, eventRoles) {
		e.add(w.At("as"), "use one of: "+strings.Join(eventRoles, ", "), "%s: wandb.as is %q", what, w.As)
	}
	if len(w.Fields) == 0 {
		e.add(w.At("fields"), "list the keys to forward, or remove wandb: to forward nothing", "%s: wandb forwards no keys", what)
	}
	if w.Key != "" {
		k := ev.Field(w.Key)
		switch {
		case k == nil:
			e.add(w.At("key"), "name a key of the event", "%s: wandb.key %q is not a key of the event", what, w.Key)
		case k.Type != "string" || !k.Required:
			e.add(w.At("key"), "use a required string key: every record must name its item", "%s: wandb.key %q is not a required string key", what, w.Key)
		case w.As == WandBConfig:
			e.add(w.At("key"), "remove key: config items are named by their keys", "%s: wandb.key on config", what)
		}
	}
	seen := map[string]bool{}
	for _, f := range w.Fields {
		fd := ev.Field(f.Value)
		switch {
		case fd == nil:
			e.add(f.Pos, "name a key of the event", "%s: wandb field %q is not a key of the event", what, f.Value)
			continue
		case seen[f.Value]:
			e.add(f.Pos, "remove the duplicate", "%s: wandb field %q is listed twice", what, f.Value)
		case f.Value == w.Key:
			e.add(f.Pos, "remove it from fields: the key names the items", "%s: wandb field %q is also wandb.key", what, f.Value)
		}
		seen[f.Value] = true
		if w.As == WandBHistory && !chartable(fd) {
			e.add(f.Pos, "forward numbers to history (int, float, bool, map[int], map[float]); put other keys in the summary", "%s: wandb history field %q is a %s", what, f.Value, fd.Type)
		}
	}
}

// chartable reports whether a key's values can be charted over steps.
func chartable(f *Field) bool {
	t, err := ParseFieldType(f.Type)
	if err != nil {
		return true // reported as a type error already
	}
	switch t.Shape {
	case ScalarShape:
		return t.Elem != String
	case MapShape:
		return t.Elem == Int || t.Elem == Float
	}
	return false
}

// validateMetricWandB checks a metric's wandb key.
func validateMetricWandB(m *Metric, what string, e *errs) {
	if m.WandB != "" && !oneOf(m.WandB, metricRoles) {
		e.add(m.At("wandb"), "use one of: "+strings.Join(metricRoles, ", "), "%s: wandb is %q", what, m.WandB)
	}
}

// WandBText describes an event's forwarding in one line, for the docs and
// obsgen diff.
func WandBText(w *WandB) string {
	if w == nil {
		return "none"
	}
	s := fmt.Sprintf("%s: %s", w.As, strings.Join(w.FieldNames(), ", "))
	if w.Key != "" {
		s += " (items named by " + w.Key + ")"
	}
	return s
}
