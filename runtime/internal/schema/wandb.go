package schema

import (
	"errors"
	"fmt"
	"slices"
)

// compileWandB resolves and checks the event's W&B forwarding: the keys
// it names must be the event's own, the naming key a required string, and
// history keys numbers, so that the sink can trust the table it builds.
func (e *Event) compileWandB(s *EventSpec) error {
	e.wandb, e.wandbKey = s.WandB, -1
	switch s.WandB {
	case WandBNone:
		if len(s.WandBFields) > 0 || s.WandBKey != "" {
			return errors.New("W&B keys without a W&B role")
		}
		return nil
	case WandBHistory, WandBSummary, WandBConfig:
	default:
		return errors.New("unknown W&B role")
	}
	if len(s.WandBFields) == 0 {
		return errors.New("a W&B role without keys")
	}
	if s.WandBKey != "" {
		k := e.FieldIndex(s.WandBKey)
		if k < 0 || e.fields[k].Kind != String || !e.fields[k].Required || s.WandB == WandBConfig {
			return errors.New("the W&B naming key is not a required string key of a history or summary event")
		}
		e.wandbKey = k
	}
	for _, name := range s.WandBFields {
		i := e.FieldIndex(name)
		if i < 0 || i == e.wandbKey || slices.Contains(e.wandbFields, i) {
			return fmt.Errorf("W&B key %d is not a distinct key of the event", len(e.wandbFields))
		}
		if k := e.fields[i].Kind; s.WandB == WandBHistory && k != Int && k != Float && k != Bool && k != IntMap && k != FloatMap {
			return fmt.Errorf("W&B history key %s is not a number", name)
		}
		e.wandbFields = append(e.wandbFields, i)
	}
	return nil
}

// sameWandB reports whether e forwards what the core spec c says.
func (e *Event) sameWandB(c *EventSpec) bool {
	if e.wandb != c.WandB || len(e.wandbFields) != len(c.WandBFields) {
		return false
	}
	for j, i := range e.wandbFields {
		if e.fields[i].Name != c.WandBFields[j] {
			return false
		}
	}
	return e.wandbKey < 0 && c.WandBKey == "" || e.wandbKey >= 0 && e.fields[e.wandbKey].Name == c.WandBKey
}

// WandB is the event's W&B role.
func (e *Event) WandB() WandBRole { return e.wandb }

// WandBFields returns the indexes of the keys forwarded to W&B, in
// registry order.
func (e *Event) WandBFields() []int { return slices.Clone(e.wandbFields) }

// WandBKey is the index of the key whose value names the event's W&B
// items, or -1.
func (e *Event) WandBKey() int { return e.wandbKey }
