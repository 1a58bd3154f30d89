package main

import (
	"bytes"
	"fmt"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// output is one generated file, path relative to the repository root.
type output struct {
	path string
	data []byte
}

// generate renders every output in memory; nothing touches the disk.
func generate(r *registry.Registry) ([]output, error) {
	evf, err := genEvents(r)
	if err != nil {
		return nil, err
	}
	mef, err := genMeters(r)
	if err != nil {
		return nil, err
	}
	schema, err := genSchema(r)
	if err != nil {
		return nil, err
	}
	var outs []output
	for _, g := range []struct {
		path string
		file *jen.File
	}{
		{"generated/events/events.go", evf},
		{"generated/meters/meters.go", mef},
	} {
		var buf bytes.Buffer
		if err := g.file.Render(&buf); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", g.path, err)
		}
		outs = append(outs, output{g.path, buf.Bytes()})
	}
	outs = append(outs,
		output{"docs/api/log-events.md", genEventDocs(r)},
		output{"docs/api/metrics.md", genMetricDocs(r)},
		output{"docs/api/log-record.schema.json", schema},
	)
	sort.Slice(outs, func(i, j int) bool { return outs[i].path < outs[j].path })
	return outs, nil
}
