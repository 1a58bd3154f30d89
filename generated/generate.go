// Package generated holds the code that cmd/obsgen generates from the
// registries: generated/events (typed events, EVENTS) and generated/meters
// (typed metric handles, METRICS). Regenerate with `go generate ./...`
// after editing registry/*.yaml; never edit the output by hand.
package generated

//go:generate go run github.com/genolewm/obs/cmd/obsgen -root ..
