package regdiff

import (
	"strconv"

	"github.com/genolewm/obs/registry"
)

// legacyRecordFields is the record format of core versions before 1.1.0,
// which did not list it: a base without record_fields is compared as if
// it listed these, so that only what changed since is reported.
var legacyRecordFields = func() []*registry.RecordField {
	zero := 0
	f := func(name, typ string, req bool, min *int) *registry.RecordField {
		return &registry.RecordField{Name: name, Type: typ, Required: req, Min: min}
	}
	return []*registry.RecordField{
		f("ts", "string", true, nil), f("severity", "string", true, nil), f("event", "string", true, nil),
		f("run_id", "string", true, nil), f("step", "int", false, nil), f("epoch", "int", false, nil),
		f("phase", "string", false, nil), f("duration_ms", "int", false, &zero), f("trace_id", "string", false, nil),
		f("span_id", "string", false, nil), f("error_code", "string", false, nil), f("data", "object", true, nil),
	}
}()

// recordFields compares the record formats. Descriptions and since of
// the legacy fields are unknown, so they are compared only when the base
// lists its fields.
func (d *differ) recordFields(b, h *registry.Registry) {
	if len(h.RecordFields) == 0 {
		return // a standalone module registry: no record format of its own
	}
	bf, listed := b.RecordFields, true
	if len(bf) == 0 {
		bf, listed = legacyRecordFields, false
	}
	base := map[string]*registry.RecordField{}
	for _, f := range bf {
		base[f.Name] = f
	}
	for _, f := range h.RecordFields {
		item := "record_field " + f.Name
		o := base[f.Name]
		if o == nil {
			k := RecordFieldAdded
			if f.Required {
				k = RecordFieldAddedReq
			}
			d.add(k, item, f.Pos, "", recordFieldText(f), "")
			continue
		}
		delete(base, f.Name)
		if o.Type != f.Type {
			d.add(RecordFieldType, item, f.At("type"), o.Type, f.Type, "")
		}
		if o.Required != f.Required {
			d.add(RecordFieldRequired, item, f.At("required"), reqText(o.Required), reqText(f.Required), "")
		}
		if minText(o.Min) != minText(f.Min) {
			d.add(RecordFieldMin, item, f.At("min"), minText(o.Min), minText(f.Min), "")
		}
		if listed && o.Description != f.Description {
			d.add(RecordFieldDescription, item, f.At("description"), o.Description, f.Description, "")
		}
		if listed && o.Since != f.Since {
			d.add(RecordFieldSince, item, f.At("since"), o.Since, f.Since, "")
		}
	}
	for _, f := range bf {
		if base[f.Name] != nil {
			d.add(RecordFieldRemoved, "record_field "+f.Name, h.RecordFields[0].Pos, recordFieldText(f), "", "")
		}
	}
}

func recordFieldText(f *registry.RecordField) string {
	s := f.Type
	if f.Min != nil {
		s += " >= " + strconv.Itoa(*f.Min)
	}
	if f.Required {
		s += ", required"
	}
	return s
}

func minText(m *int) string {
	if m == nil {
		return "(none)"
	}
	return strconv.Itoa(*m)
}
