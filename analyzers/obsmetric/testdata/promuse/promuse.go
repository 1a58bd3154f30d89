// Package promuse uses Prometheus directly, outside the owning package.
package promuse

import "github.com/prometheus/client_golang/prometheus" // want `import of metrics backend github.com/prometheus/client_golang/prometheus outside its owning package \(github.com/genolewm/obs/runtime/internal/promexport\) \(INV-OBS-2\)`

var Requests = prometheus.NewCounter(prometheus.CounterOpts{Name: "requests_total", Help: "h"})
