// Command genolewm-otelcol is the OpenTelemetry Collector this project tests
// against and ships: the collector core at v0.165.0 (stable modules v1.71.0)
// with the components listed in factories.go, built from the module proxy
// alone, as the OpenTelemetry Collector Builder would build it.
//
// Build it with `make bin/genolewm-otelcol`, or from this folder:
//
//	go build -o ../../bin/genolewm-otelcol .
//
// and run it with the example configuration:
//
//	GENOLEWM_COLLECTOR_OUT=out/collector.jsonl bin/genolewm-otelcol --config docs/collector/config.yaml
package main

import (
	"log"

	"go.opentelemetry.io/collector/component"
	"go.opentelemetry.io/collector/confmap"
	"go.opentelemetry.io/collector/confmap/provider/envprovider"
	"go.opentelemetry.io/collector/confmap/provider/fileprovider"
	"go.opentelemetry.io/collector/otelcol"
)

func main() {
	settings := otelcol.CollectorSettings{
		BuildInfo: component.BuildInfo{
			Command:     "genolewm-otelcol",
			Description: "OpenTelemetry Collector for GenoLeWM observability",
			Version:     "0.165.0-genolewm",
		},
		Factories: components,
		ConfigProviderSettings: otelcol.ConfigProviderSettings{
			ResolverSettings: confmap.ResolverSettings{
				// The file provider reads --config PATH; the env provider
				// expands ${env:GENOLEWM_COLLECTOR_OUT}, and the resolver
				// refuses a default scheme that no provider serves.
				ProviderFactories: []confmap.ProviderFactory{
					fileprovider.NewFactory(),
					envprovider.NewFactory(),
				},
				DefaultScheme: "env",
			},
		},
	}
	if err := otelcol.NewCommand(settings).Execute(); err != nil {
		log.Fatal(err)
	}
}
