package main

import (
	"github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// Adapters between generate and the templates: the one place that knows
// the templates' signatures.

func genEventsFor(r *registry.Registry, l layout) (*jen.File, error) { return genEvents(r, l) }

func genMetersFor(r *registry.Registry, l layout) (*jen.File, error) { return genMeters(r, l) }

// genCoreFor renders the runtime's own copy of the core registry (obsgen
// -core); output paths are relative to l.Root. For now it renders nothing.
func genCoreFor(r *registry.Registry, l layout) ([]output, error) { return nil, nil }
