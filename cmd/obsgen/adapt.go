package main

import (
	"bytes"
	"fmt"
	"path"

	"github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// Adapters between generate and the templates: the one place that knows
// the templates' signatures.

func genEventsFor(r *registry.Registry, l layout) (*jen.File, error) { return genEvents(r, l) }

func genMetersFor(r *registry.Registry, l layout) (*jen.File, error) { return genMeters(r, l) }

// genCoreFor renders the runtime's own copy of the core registry (obsgen
// -core) into l.EventsDir/core.go; output paths are relative to l.Root.
func genCoreFor(r *registry.Registry, l layout) ([]output, error) {
	f, err := genCore(r)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("rendering the core registry: %w", err)
	}
	return []output{{path: path.Join(l.EventsDir, "core.go"), data: buf.Bytes()}}, nil
}
