package analysisutil

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/genolewm/obs/registry"
)

var (
	cacheMu sync.Mutex
	cache   = map[string]*Names{}
)

// LoadRegistry reads the registry named by a -registry spec: a directory
// holding events.yaml and metrics.yaml, or "EVENTS.yaml,METRICS.yaml".
// The runtime's core registry is merged in, as obsgen does. Results are
// cached per spec: the analyzers call it once per package.
func LoadRegistry(spec string) (*Names, error) {
	cacheMu.Lock()
	defer cacheMu.Unlock()
	if n, ok := cache[spec]; ok {
		return n, nil
	}
	var ev, me string
	if i := strings.IndexByte(spec, ','); i >= 0 {
		ev, me = spec[:i], spec[i+1:]
	} else if st, err := os.Stat(spec); err == nil && st.IsDir() {
		ev, me = filepath.Join(spec, "events.yaml"), filepath.Join(spec, "metrics.yaml")
	} else {
		return nil, fmt.Errorf("-registry %q: want a directory holding events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml", spec)
	}
	src := "registry " + ev + " and " + me
	r, err := registry.LoadFiles(ev, me)
	if err != nil {
		return nil, fmt.Errorf("loading the %s: %v", src, err)
	}
	n := newNames(src)
	for _, c := range r.ErrorCodes {
		n.ErrorCodes[c.Code] = true
	}
	for _, e := range r.Events {
		ev := &Event{Name: e.Name, Severity: e.Severity, Codes: map[string]bool{}}
		for _, c := range e.ErrorCodes {
			ev.Codes[c.Value] = true
		}
		n.Events[e.Name] = ev
	}
	for _, m := range r.Metrics {
		n.Metrics[m.Name] = &Metric{Name: m.Name, Kind: m.Kind}
	}
	cache[spec] = n
	return n, nil
}
