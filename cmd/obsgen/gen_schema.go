package main

import (
	"encoding/json"

	"github.com/genolewm/obs/registry"
)

// dnaPattern matches a run of 20 or more DNA letters anywhere in a string
// (INV-OBS-4); strings in a valid record must not match it.
const dnaPattern = "[ACGTNacgtn]{20,}"

type obj = map[string]any

func noDNA() obj { return obj{"type": "string", "not": obj{"pattern": dnaPattern}} }

func scalarSchema(s registry.Scalar) obj {
	switch s {
	case registry.Int:
		return obj{"type": "integer"}
	case registry.Float:
		// NaN and infinities are written as in the protobuf JSON mapping.
		return obj{"anyOf": []any{obj{"type": "number"}, obj{"enum": []any{"NaN", "Infinity", "-Infinity"}}}}
	case registry.String:
		return noDNA()
	}
	return obj{"type": "boolean"}
}

func fieldSchema(f *registry.Field) obj {
	var s obj
	switch f.T.Shape {
	case registry.ListShape:
		s = obj{"type": "array", "items": scalarSchema(f.T.Elem)}
	case registry.MapShape:
		s = obj{"type": "object", "propertyNames": obj{"not": obj{"pattern": dnaPattern}}, "additionalProperties": scalarSchema(f.T.Elem)}
	default:
		s = scalarSchema(f.T.Elem)
	}
	s["description"] = f.Description
	if f.Deprecated != nil {
		s["deprecated"] = true
	}
	return s
}

// genSchema renders docs/api/log-record.schema.json: a JSON Schema (draft
// 2020-12) that every record of a registered event satisfies.
func genSchema(r *registry.Registry) ([]byte, error) {
	var names []any
	defs := obj{}
	var branches []any
	var allCodes []any
	for _, c := range r.ErrorCodes {
		allCodes = append(allCodes, c.Code)
	}
	for _, ev := range r.Events {
		names = append(names, ev.Name)
		props := obj{}
		required := []any{}
		for _, f := range ev.Fields {
			props[f.Name] = fieldSchema(f)
			if f.Required {
				required = append(required, f.Name)
			}
		}
		def := obj{
			"description": ev.Description,
			"properties": obj{
				"severity": obj{"const": ev.Severity},
				"data": obj{
					"type":                 "object",
					"properties":           props,
					"required":             required,
					"additionalProperties": false,
				},
			},
		}
		if ev.Severity == "error" {
			var codes []any
			for _, c := range ev.ErrorCodes {
				codes = append(codes, c.Value)
			}
			def["required"] = []any{"error_code"}
			def["properties"].(obj)["error_code"] = obj{"enum": codes}
		} else {
			def["not"] = obj{"required": []any{"error_code"}}
		}
		if ev.Deprecated != nil {
			def["deprecated"] = true
		}
		defs[ev.Name] = def
		branches = append(branches, obj{
			"if":   obj{"properties": obj{"event": obj{"const": ev.Name}}, "required": []any{"event"}},
			"then": obj{"$ref": "#/$defs/" + ev.Name},
		})
	}
	schema := obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$comment":             header(r.EventsFile()),
		"title":                "GenoLeWM log record",
		"description":          "One JSON Lines record of a registered event (registry " + r.Version + ").",
		"type":                 "object",
		"required":             []any{"ts", "severity", "event", "run_id", "data"},
		"additionalProperties": false,
		"properties": obj{
			"ts":          obj{"type": "string", "pattern": `^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$`, "description": "ISO-8601 UTC, millisecond resolution"},
			"severity":    obj{"enum": []any{"debug", "info", "warn", "error"}},
			"event":       obj{"enum": names},
			"run_id":      merge(noDNA(), obj{"minLength": 1}),
			"step":        obj{"type": "integer"},
			"epoch":       obj{"type": "integer"},
			"phase":       noDNA(),
			"duration_ms": obj{"type": "integer", "minimum": 0},
			"trace_id":    obj{"type": "string", "pattern": "^[0-9a-f]{32}$"},
			"span_id":     obj{"type": "string", "pattern": "^[0-9a-f]{16}$"},
			"error_code":  obj{"enum": allCodes},
			"data":        obj{"type": "object"},
		},
		"allOf": branches,
		"$defs": defs,
	}
	out, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

func merge(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}
