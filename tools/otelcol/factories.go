package main

import (
	"runtime/debug"

	"github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter"
	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/exporter"
	"go.opentelemetry.io/collector/exporter/debugexporter"
	"go.opentelemetry.io/collector/exporter/otlpexporter"
	"go.opentelemetry.io/collector/otelcol"
	"go.opentelemetry.io/collector/processor"
	"go.opentelemetry.io/collector/receiver"
	"go.opentelemetry.io/collector/receiver/otlpreceiver"
	"go.opentelemetry.io/collector/service/telemetry/otelconftelemetry"

	"github.com/genolewm/obs/tools/registryprocessor"
)

// components lists every component compiled into the binary. A new one is
// one factory here plus its module in go.mod, pinned at the same collector
// release as the rest (core v0.165.0 / v1.71.0, contrib v0.165.1). The
// processor is this repository's own (tools/registryprocessor, replaced to
// the checkout in go.mod), with the registry generated into generated/.
func components() (otelcol.Factories, error) {
	receivers, err := otelcol.MakeFactoryMap[receiver.Factory](
		otlpreceiver.NewFactory(),
	)
	if err != nil {
		return otelcol.Factories{}, err
	}
	processors, err := otelcol.MakeFactoryMap[processor.Factory](
		registryprocessor.NewFactory(), // the registry, enforced on every signal
	)
	if err != nil {
		return otelcol.Factories{}, err
	}
	exporters, err := otelcol.MakeFactoryMap[exporter.Factory](
		fileexporter.NewFactory(),  // JSON lines for tests and archives
		otlpexporter.NewFactory(),  // OTLP/gRPC onward to a backend
		debugexporter.NewFactory(), // the collector's log, for a first look
	)
	if err != nil {
		return otelcol.Factories{}, err
	}
	return otelcol.Factories{
		Receivers:  receivers,
		Processors: processors,
		Exporters:  exporters,
		// What `genolewm-otelcol components` prints beside each type.
		ReceiverModules: map[component.Type]string{
			otlpreceiver.NewFactory().Type(): module("go.opentelemetry.io/collector/receiver/otlpreceiver"),
		},
		ProcessorModules: map[component.Type]string{
			registryprocessor.NewFactory().Type(): "github.com/genolewm/obs/tools/registryprocessor (this repository)",
		},
		ExporterModules: map[component.Type]string{
			fileexporter.NewFactory().Type():  module("github.com/open-telemetry/opentelemetry-collector-contrib/exporter/fileexporter"),
			otlpexporter.NewFactory().Type():  module("go.opentelemetry.io/collector/exporter/otlpexporter"),
			debugexporter.NewFactory().Type(): module("go.opentelemetry.io/collector/exporter/debugexporter"),
		},
		// The service refuses to start without a telemetry factory: this
		// is the collector's own logs and (off by default here) metrics.
		Telemetry: otelconftelemetry.NewFactory(),
	}, nil
}

// module names path at the version compiled in, from the binary's own build
// information, so the listing cannot drift from go.mod.
func module(path string) string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return path
	}
	for _, dep := range info.Deps {
		if dep.Path == path {
			return path + " " + dep.Version
		}
	}
	return path
}
