package main

import (
	"encoding/json"

	"github.com/genolewm/obs/registry"
)

// The DNA rule (internal/dna) as a JSON Schema pattern (ECMA-262 with the
// u flag, and Python's re: the two validators CI runs), found anywhere in
// a string. A pattern cannot apply NFKC, so it covers the rule's ASCII
// forms, their fullwidth letters and the common format characters
// (zero-width space, joiners, bidi marks, BOM, soft hyphen); the runtime
// and live-check apply the whole rule.
const (
	// transparent is what may sit between two bases without breaking a
	// run. The characters are written as themselves, not as \u escapes,
	// which Go's regexp (used by the Go JSON Schema validator) rejects.
	transparent = "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]*"
	wideLetter  = "[ACGTURYKMSWBDHVNacgturykmswbdhvnＡＣＧＴＵＲＹＫＭＳＷＢＤＨＶＮａｃｇｔｕｒｙｋｍｓｗｂｄｈｖｎ]"
	plainLetter = "[ACGTUNacgtunＡＣＧＴＵＮａｃｇｔｕｎ]"
	separator   = "[ \t\n\r\\-._/|,:;\u00a0\u3000]"
	dnaPattern  = `(?:` + wideLetter + transparent + `){20,}|` +
		plainLetter + transparent + `(?:(?:` + separator + transparent + `)?` + plainLetter + transparent + `){19,}`
)

// maxStringLength is the longest string the filter writes, in characters:
// MaxString (16 KiB) bytes cut at a UTF-8 boundary, then "...(truncated)".
const maxStringLength = 16<<10 + len("...(truncated)")

// int64 bounds: the filter writes integers as int64.
const (
	minInt64 = -1 << 63
	maxInt64 = 1<<63 - 1
)

type obj = map[string]any

func noDNA() obj {
	return obj{"type": "string", "maxLength": maxStringLength, "not": obj{"type": "string", "pattern": dnaPattern}}
}

func scalarSchema(s registry.Scalar) obj {
	switch s {
	case registry.Int:
		return obj{"type": "integer", "minimum": minInt64, "maximum": maxInt64}
	case registry.Float:
		// NaN and infinities are written as in the protobuf JSON mapping.
		return obj{"anyOf": []any{obj{"type": "number"}, obj{"type": "string", "enum": []any{"NaN", "Infinity", "-Infinity"}}}}
	case registry.String:
		return noDNA()
	}
	return obj{"type": "boolean"}
}

// valuesSchema is the schema of one value of a categorical key.
func valuesSchema(f *registry.Field) obj {
	var vs []any
	for _, v := range f.ValueStrings() {
		vs = append(vs, v)
	}
	return obj{"type": "string", "enum": vs}
}

func fieldSchema(r *registry.Registry, f *registry.Field) obj {
	elem := scalarSchema(f.T.Elem)
	if len(f.Values) > 0 {
		elem = valuesSchema(f)
	}
	var s obj
	switch f.T.Shape {
	case registry.ListShape:
		s = obj{"type": "array", "items": elem}
	case registry.MapShape:
		// Map keys pass the DNA rule and the deny list, as keys do.
		var deny []any
		for _, k := range r.DenyKeys {
			deny = append(deny, k.Value)
		}
		keys := noDNA()
		keys["not"] = obj{"anyOf": []any{keys["not"], obj{"type": "string", "enum": deny}}}
		s = obj{"type": "object", "propertyNames": keys, "additionalProperties": elem}
	default:
		s = elem
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
			props[f.Name] = fieldSchema(r, f)
			if f.Required {
				required = append(required, f.Name)
			}
		}
		def := obj{
			"type":        "object",
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
			def["properties"].(obj)["error_code"] = false // only error records carry one
		}
		if ev.Deprecated != nil {
			def["deprecated"] = true
		}
		defs[ev.Name] = def
		branches = append(branches, obj{
			"if":   obj{"type": "object", "properties": obj{"event": obj{"const": ev.Name}}, "required": []any{"event"}},
			"then": obj{"$ref": "#/$defs/" + ev.Name},
		})
	}
	props, required, err := recordProperties(r, obj{
		"ts":          obj{"type": "string", "format": "date-time", "pattern": tsPattern, "description": "ISO-8601 UTC, millisecond resolution: a real instant (format date-time; the pattern bounds each part)"},
		"severity":    obj{"type": "string", "enum": []any{"debug", "info", "warn", "error"}},
		"event":       obj{"type": "string", "enum": names},
		"run_id":      merge(noDNA(), obj{"pattern": "^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$", "description": "1-128 letters, digits, '.', '_' or '-', starting with a letter or digit; no DNA"}),
		"step":        obj{"type": "integer", "minimum": minInt64, "maximum": maxInt64},
		"epoch":       obj{"type": "integer", "minimum": minInt64, "maximum": maxInt64},
		"phase":       merge(noDNA(), obj{"pattern": "^[A-Za-z0-9._-]{1,64}$", "description": "1-64 letters, digits, '.', '_' or '-'; no DNA"}),
		"duration_ms": obj{"type": "integer", "minimum": 0, "maximum": maxInt64},
		"trace_id":    obj{"type": "string", "pattern": "^[0-9a-f]{32}$"},
		"span_id":     obj{"type": "string", "pattern": "^[0-9a-f]{16}$"},
		"error_code":  obj{"type": "string", "enum": allCodes},
		"data":        obj{"type": "object"},
	})
	if err != nil {
		return nil, err
	}
	schema := obj{
		"$schema":              "https://json-schema.org/draft/2020-12/schema",
		"$comment":             header(r.EventsFile()),
		"title":                "GenoLeWM log record",
		"description":          "One JSON Lines record of a registered event (registry " + r.Version + ", core " + r.CoreVersion + ").",
		"type":                 "object",
		"required":             required,
		"additionalProperties": false,
		"properties":           props,
		// The rank fields come together: a multi-process run's records
		// carry rank and world_size, and local_rank only beside them.
		"dependentRequired": obj{"rank": []any{"world_size"}, "world_size": []any{"rank"}, "local_rank": []any{"rank", "world_size"}},
		"allOf":             branches,
		"$defs":             defs,
	}
	out, err := json.MarshalIndent(schema, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}

// tsPattern is the record's timestamp: UTC, milliseconds, each part in
// range (a date such as 2026-02-30 is left to format date-time).
const tsPattern = `^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T([01][0-9]|2[0-3]):[0-5][0-9]:([0-5][0-9]|60)\.[0-9]{3}Z$`

func merge(a, b obj) obj {
	for k, v := range b {
		a[k] = v
	}
	return a
}
