package regdiff

import "github.com/genolewm/obs/registry"

// What the W&B sink forwards is part of the contract too: dashboards,
// reports and sweeps select runs by the history, summary and config keys
// the registry names (registry/wandb.go). Forwarding more is compatible;
// forwarding less, or the same keys under other names or in another role,
// breaks the charts that read them.

// compareEventWandB classifies changes of an event's wandb block.
func (d *differ) compareEventWandB(item string, b, h *registry.Event) {
	bw, hw := b.WandB, h.WandB
	switch {
	case bw == nil && hw == nil:
		return
	case bw == nil:
		d.add(EventWandBAdded, item, hw.Pos, "", registry.WandBText(hw), "")
		return
	case hw == nil:
		d.add(EventWandBRemoved, item, h.Pos, registry.WandBText(bw), "", "W&B runs lose these items")
		return
	}
	if bw.As != hw.As {
		d.add(EventWandBRole, item, hw.At("as"), bw.As, hw.As, "")
	}
	if bw.Key != hw.Key {
		d.add(EventWandBKey, item, hw.At("key"), orNone(bw.Key), orNone(hw.Key), "the items are named differently")
	}
	for _, f := range hw.Fields {
		if !bw.Forwards(f.Value) {
			d.add(EventWandBFieldAdded, item+" key "+f.Value, f.Pos, "", f.Value, "")
		}
	}
	for _, f := range bw.Fields {
		if !hw.Forwards(f.Value) {
			d.add(EventWandBFieldRemoved, item+" key "+f.Value, hw.At("fields"), f.Value, "", "")
		}
	}
}

// compareMetricWandB classifies a change of a metric's wandb role.
func (d *differ) compareMetricWandB(item string, b, h *registry.Metric) {
	switch {
	case b.WandB == h.WandB:
	case b.WandB == "":
		d.add(MetricWandBAdded, item, h.At("wandb"), "", h.WandB, "")
	case h.WandB == "":
		d.add(MetricWandBRemoved, item, h.Pos, b.WandB, "", "W&B runs lose this item")
	default:
		d.add(MetricWandBRole, item, h.At("wandb"), b.WandB, h.WandB, "")
	}
}
