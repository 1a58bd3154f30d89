// Package registry holds this module's registry: events.yaml and
// metrics.yaml. `go generate ./...` turns them into ../generated/events,
// ../generated/meters and ../docs/api, obsgen's default layout.
package registry

//go:generate go tool obsgen
