package main

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sort"

	"github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// output is one generated file, path relative to the layout's Root.
type output struct {
	path string
	data []byte
}

// generate renders every output in memory, where l says; nothing touches
// the disk.
func generate(r *registry.Registry, l layout) ([]output, error) {
	evf, err := genEventsFor(r, l)
	if err != nil {
		return nil, err
	}
	mef, err := genMetersFor(r, l)
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
		{filepath.Join(l.EventsDir, eventsGoFile), evf},
		{filepath.Join(l.MetersDir, metersGoFile), mef},
	} {
		var buf bytes.Buffer
		if err := g.file.Render(&buf); err != nil {
			return nil, fmt.Errorf("rendering %s: %w", g.path, err)
		}
		outs = append(outs, output{g.path, buf.Bytes()})
	}
	outs = append(outs,
		output{filepath.Join(l.DocsDir, "log-events.md"), genEventDocs(r)},
		output{filepath.Join(l.DocsDir, "metrics.md"), genMetricDocs(r)},
		output{filepath.Join(l.DocsDir, "log-record.schema.json"), schema},
	)
	sort.Slice(outs, func(i, j int) bool { return outs[i].path < outs[j].path })
	return outs, nil
}
