package main

import (
	"fmt"

	"github.com/genolewm/obs/registry"
)

// maxWorldSize mirrors the runtime's bound on the world size
// (observe.MaxWorldSize); build-time code imports no runtime package.
const maxWorldSize = 1 << 20

// recordProperties returns the schema's top-level properties and required
// list from the registry's record fields. special holds the generator's
// exact rule for the fields whose values it knows (formats, patterns,
// enums); the others get their registered type and bound. A record field
// without a rule of either kind is an error, not a silently open schema.
func recordProperties(r *registry.Registry, special obj) (obj, []any, error) {
	if len(r.RecordFields) == 0 {
		return nil, nil, fmt.Errorf("the registry lists no record_fields; merge the core registry (registry.Parse does)")
	}
	props := obj{}
	var required []any
	for _, f := range r.RecordFields {
		p, ok := special[f.Name].(obj)
		if !ok {
			switch f.Type {
			case "int":
				p = obj{"type": "integer", "maximum": maxWorldSize}
				if f.Min != nil {
					p["minimum"] = *f.Min
				}
			default:
				return nil, nil, fmt.Errorf("record field %s (%s) has no schema rule in obsgen; add one", f.Name, f.Type)
			}
		}
		if f.Description != "" {
			if _, has := p["description"]; !has {
				p["description"] = f.Description
			}
		}
		props[f.Name] = p
		if f.Required {
			required = append(required, f.Name)
		}
	}
	return props, required, nil
}
