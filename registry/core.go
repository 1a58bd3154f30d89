package registry

import (
	"embed"
	"sync"
)

// The core registry: the items the runtime owns and writes itself (the
// error event and its codes, the deny list, the redaction and error
// counters). It is merged into every module's registry at load time.
//
//go:embed core/events.yaml core/metrics.yaml
var coreFS embed.FS

// Core file names, as they appear in error messages: the module path
// makes clear that they belong to this module, not to the one being
// loaded.
const (
	CoreEventsPath  = "github.com/genolewm/obs/registry/core/events.yaml"
	CoreMetricsPath = "github.com/genolewm/obs/registry/core/metrics.yaml"
)

// CoreErrorEvent is the core event that carries, besides its own codes,
// every module error code that no module event lists.
const CoreErrorEvent = "error"

var (
	coreOnce sync.Once
	coreReg  *Registry
	coreErr  error
)

// Core returns the core registry alone, validated: what the runtime
// generates its own copy from. Its Version and CoreVersion are both the
// core's version, and every item has Core set.
func Core() (*Registry, error) {
	coreOnce.Do(func() {
		e := &errs{}
		ef, mf := decodeCore(e)
		if coreErr = e.err(); coreErr != nil {
			return
		}
		r := assemble(ef, mf)
		r.CoreVersion = r.Version
		r.coreDeny = map[string]bool{}
		for _, k := range r.DenyKeys {
			r.coreDeny[k.Value] = true
		}
		coreReg, coreErr = finish(r, ef, mf, e)
	})
	return coreReg, coreErr
}

// decodeCore decodes a fresh copy of the embedded core files, every item
// marked Core. Fresh, because validation fills in derived fields
// (PromName, Resolved) that differ from one merged registry to another.
func decodeCore(e *errs) (*eventsFile, *metricsFile) {
	ev, _ := coreFS.ReadFile("core/events.yaml")
	me, _ := coreFS.ReadFile("core/metrics.yaml")
	ef, mf := decodeFiles(CoreEventsPath, ev, CoreMetricsPath, me, e)
	for _, x := range ef.Events {
		x.Core = true
	}
	for _, x := range ef.ErrorCodes {
		x.Core = true
	}
	for _, x := range mf.Metrics {
		x.Core = true
	}
	return ef, mf
}
