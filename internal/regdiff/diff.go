package regdiff

import (
	"fmt"
	"strings"

	"github.com/genolewm/obs/registry"
)

// differ collects changes in discovery order.
type differ struct {
	changes []Change
}

func (d *differ) add(k Kind, item string, pos registry.Pos, old, new, note string) {
	class, ok := Kinds[k]
	if !ok {
		panic("regdiff: unclassified change kind " + string(k))
	}
	d.changes = append(d.changes, Change{Class: class, Kind: k, Item: item, Old: old, New: new, Pos: pos.String(), Note: note})
}

func (d *differ) diff(b, h *registry.Registry) {
	d.events(b, h)
	d.errorCodes(b, h)
	d.denyKeys(b, h)
	d.metrics(b, h)
	d.recordFields(b, h)
}

// lifecycle is the part of an item every kind of item shares.
type lifecycle struct {
	description, stability, since string
	dep                           *registry.Deprecation
	node                          *registry.Node
}

// kinds of the lifecycle changes of one sort of item; "" where the item
// has no such attribute.
type lifecycleKinds struct {
	description, since, lowered, raised, deprecated, undeprecated, depText Kind
}

var (
	eventLC  = lifecycleKinds{EventDescription, EventSince, EventStabilityLowered, EventStabilityRaised, EventDeprecated, EventUndeprecated, EventDeprecationText}
	fieldLC  = lifecycleKinds{FieldDescription, "", "", "", FieldDeprecated, FieldUndeprecated, FieldDeprecationText}
	metricLC = lifecycleKinds{MetricDescription, MetricSince, MetricStabilityLowered, MetricStabilityRaised, MetricDeprecated, MetricUndeprecated, MetricDeprecationText}
	codeLC   = lifecycleKinds{CodeDescription, "", "", "", CodeDeprecated, CodeUndeprecated, CodeDeprecationText}
)

// compareLifecycle reports description, stability, since and deprecation
// changes. newItems names head items that are new in this diff, so that a
// deprecation in favour of one of them can say so.
func (d *differ) compareLifecycle(k lifecycleKinds, item string, b, h lifecycle, newItems map[string]bool) {
	if b.description != h.description {
		d.add(k.description, item, h.node.At("description"), b.description, h.description, "")
	}
	if k.since != "" && b.since != h.since {
		d.add(k.since, item, h.node.At("since"), b.since, h.since, "")
	}
	if k.lowered != "" && b.stability != h.stability {
		switch {
		case b.stability == "stable":
			d.add(k.lowered, item, h.node.At("stability"), b.stability, h.stability, "consumers lose the stability guarantee")
		case h.stability == "stable":
			d.add(k.raised, item, h.node.At("stability"), b.stability, h.stability, "")
		}
	}
	switch {
	case b.dep == nil && h.dep != nil:
		note := ""
		if r := h.dep.Replacement; r != "" {
			note = "use " + r + " instead"
			if newItems[r] {
				note += " (added in this version)"
			}
		}
		d.add(k.deprecated, item, h.dep.Pos, "", depText(h.dep), note)
	case b.dep != nil && h.dep == nil:
		d.add(k.undeprecated, item, h.node.Pos, depText(b.dep), "", "")
	case b.dep != nil && depText(b.dep) != depText(h.dep):
		d.add(k.depText, item, h.dep.Pos, depText(b.dep), depText(h.dep), "")
	}
}

func depText(dep *registry.Deprecation) string {
	s := strings.TrimSuffix(dep.Reason, ".")
	if dep.Since != "" {
		s += " (since " + dep.Since + ")"
	}
	if dep.Replacement != "" {
		s += "; use " + dep.Replacement
	}
	return s
}

// removedNote says whether a removed item had been deprecated first, the
// lifecycle that gives consumers time to move.
func removedNote(dep *registry.Deprecation) string {
	if dep == nil {
		return "was not deprecated first: deprecate it in a MINOR release before removing it"
	}
	return "was deprecated: " + depText(dep)
}

// replacements maps each head item that a newly deprecated item names as
// its replacement, so the deprecation and the addition read as one change.
func replacements[T any](pairs []pair[T], n named[T]) map[string]bool {
	out := map[string]bool{}
	for _, p := range pairs {
		if n.deprecated(p.base) == nil && n.deprecated(p.head) != nil {
			out[n.deprecated(p.head).Replacement] = true
		}
	}
	return out
}

func names[T any](items []T, name func(T) string) map[string]bool {
	out := map[string]bool{}
	for _, it := range items {
		out[name(it)] = true
	}
	return out
}

func (d *differ) events(b, h *registry.Registry) {
	pairs, added, removed := pairUp(b.Events, h.Events, eventNames)
	newNames := names(added, eventNames.name)
	folded := replacements(pairs, eventNames)
	for _, p := range pairs {
		item := "event " + p.head.Name
		if p.how != sameName {
			d.add(EventRenamed, item, p.head.At("name"), p.base.Name, p.head.Name, "declared by renamed_from")
		}
		d.compareEvent(item, p.base, p.head, newNames)
	}
	for _, e := range added {
		if folded[e.Name] {
			continue // reported with the deprecation it replaces
		}
		d.add(EventAdded, "event "+e.Name, e.Pos, "", e.Severity, "")
	}
	for _, e := range removed {
		d.add(EventRemoved, "event "+e.Name, e.Pos, e.Name, "", removedNote(e.Deprecated))
	}
}

func (d *differ) compareEvent(item string, b, h *registry.Event, newEvents map[string]bool) {
	if b.Severity != h.Severity {
		d.add(EventSeverity, item, h.At("severity"), b.Severity, h.Severity, "")
	}
	if sb, sh := samplingText(b.Sampling), samplingText(h.Sampling); sb != sh {
		d.add(EventSampling, item, h.At("sampling"), sb, sh, "")
	}
	d.compareLifecycle(eventLC, item,
		lifecycle{b.Description, b.Stability, b.Since, b.Deprecated, &b.Node},
		lifecycle{h.Description, h.Stability, h.Since, h.Deprecated, &h.Node}, newEvents)

	bc, hc := identSet(b.ErrorCodes), identSet(h.ErrorCodes)
	for _, c := range h.ErrorCodes {
		if !bc[c.Value] {
			d.add(EventCodeAdded, item+" error_code "+c.Value, c.Pos, "", c.Value, "")
		}
	}
	for _, c := range b.ErrorCodes {
		if !hc[c.Value] {
			d.add(EventCodeRemoved, item+" error_code "+c.Value, h.At("error_codes"), c.Value, "", "")
		}
	}

	d.compareEventWandB(item, b, h)

	pairs, added, removed := pairUp(b.Fields, h.Fields, fieldNames)
	newFields := names(added, fieldNames.name)
	folded := replacements(pairs, fieldNames)
	for _, p := range pairs {
		fitem := item + " key " + p.head.Name
		if p.how != sameName {
			d.add(FieldRenamed, fitem, p.head.At("name"), p.base.Name, p.head.Name, "declared by renamed_from")
		}
		d.compareField(fitem, p.base, p.head, newFields)
	}
	for _, f := range added {
		if folded[f.Name] {
			continue
		}
		k := FieldAdded
		if f.Required {
			k = FieldAddedRequired
		}
		d.add(k, item+" key "+f.Name, f.Pos, "", fieldText(f), "")
	}
	for _, f := range removed {
		d.add(FieldRemoved, item+" key "+f.Name, f.Pos, fieldText(f), "", removedNote(f.Deprecated))
	}
}

func (d *differ) compareField(item string, b, h *registry.Field, newFields map[string]bool) {
	if b.T != h.T {
		d.add(FieldType, item, h.At("type"), b.T.String(), h.T.String(), "")
	}
	if b.Required != h.Required {
		d.add(FieldRequired, item, h.At("required"), reqText(b.Required), reqText(h.Required), "")
	}
	if b.Unit != h.Unit {
		d.add(FieldUnit, item, h.At("unit"), orNone(b.Unit), orNone(h.Unit), "")
	}
	d.compareValues(item, b, h)
	d.compareLifecycle(fieldLC, item,
		lifecycle{description: b.Description, dep: b.Deprecated, node: &b.Node},
		lifecycle{description: h.Description, dep: h.Deprecated, node: &h.Node}, newFields)
}

// compareValues classifies changes of a key's value set.
func (d *differ) compareValues(item string, b, h *registry.Field) {
	switch {
	case len(b.Values) == 0 && len(h.Values) > 0:
		d.add(FieldValuesClosed, item, h.At("values"), "any value", strings.Join(h.ValueStrings(), ", "), "")
		return
	case len(b.Values) > 0 && len(h.Values) == 0:
		d.add(FieldValuesOpened, item, h.Pos, strings.Join(b.ValueStrings(), ", "), "any value", "")
		return
	}
	old := map[string]*registry.Value{}
	for _, v := range b.Values {
		old[v.Value] = v
	}
	now := map[string]bool{}
	for _, v := range h.Values {
		now[v.Value] = true
		switch o := old[v.Value]; {
		case o == nil:
			d.add(FieldValueAdded, item+" value "+v.Value, v.Pos, "", v.Value, "")
		case o.Description != v.Description:
			d.add(FieldValueDescription, item+" value "+v.Value, v.At("description"), o.Description, v.Description, "")
		}
	}
	for _, v := range b.Values {
		if !now[v.Value] {
			d.add(FieldValueRemoved, item+" value "+v.Value, h.At("values"), v.Value, "", "")
		}
	}
}

func (d *differ) errorCodes(b, h *registry.Registry) {
	base := map[string]*registry.ErrorCode{}
	for _, c := range b.ErrorCodes {
		base[c.Code] = c
	}
	for _, c := range h.ErrorCodes {
		item := "error_code " + c.Code
		o, ok := base[c.Code]
		if !ok {
			d.add(CodeAdded, item, c.Pos, "", c.Code, "")
			continue
		}
		delete(base, c.Code)
		d.compareLifecycle(codeLC, item,
			lifecycle{description: o.Description, dep: o.Deprecated, node: &o.Node},
			lifecycle{description: c.Description, dep: c.Deprecated, node: &c.Node}, nil)
	}
	for _, c := range b.ErrorCodes {
		if base[c.Code] != nil {
			d.add(CodeRemoved, "error_code "+c.Code, c.Pos, c.Code, "", removedNote(c.Deprecated))
		}
	}
}

func (d *differ) denyKeys(b, h *registry.Registry) {
	bk, hk := identSet(b.DenyKeys), identSet(h.DenyKeys)
	for _, k := range h.DenyKeys {
		if !bk[k.Value] {
			d.add(DenyKeyAdded, "deny_key "+k.Value, k.Pos, "", k.Value, "")
		}
	}
	for _, k := range b.DenyKeys {
		if !hk[k.Value] {
			d.add(DenyKeyRemoved, "deny_key "+k.Value, k.Pos, k.Value, "", "the personal-data deny list gets shorter")
		}
	}
}

func identSet(ids []registry.Ident) map[string]bool {
	out := map[string]bool{}
	for _, id := range ids {
		out[id.Value] = true
	}
	return out
}

func samplingText(s *registry.Sampling) string {
	switch {
	case s == nil:
		return "none"
	case s.Every != "":
		return "every " + s.Every
	}
	return fmt.Sprintf("1 in %d", s.OneIn)
}

func fieldText(f *registry.Field) string {
	s := f.Type
	if f.Required {
		s += ", required"
	}
	return s
}

func reqText(r bool) string {
	if r {
		return "required"
	}
	return "optional"
}

func orNone(s string) string {
	if s == "" {
		return "(none)"
	}
	return s
}
