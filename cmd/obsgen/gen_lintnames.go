package main

import (
	"encoding/json"

	"github.com/genolewm/obs/registry"
)

// lintNames is the part of a registry the linters check against. Its JSON
// form is written into the generated events package (obsgenRegistry), and
// read back by obslint (internal/analysisutil): keep the two in step.
type lintNames struct {
	Version    string       `json:"version"`
	Events     []lintEvent  `json:"events"`
	Metrics    []lintMetric `json:"metrics"`
	ErrorCodes []string     `json:"error_codes"`
}

type lintEvent struct {
	Name     string   `json:"name"`
	Severity string   `json:"severity"`
	Codes    []string `json:"codes,omitempty"`
}

type lintMetric struct {
	Name string `json:"name"`
	Kind string `json:"kind"`
}

func lintRegistry(r *registry.Registry) (string, error) {
	n := lintNames{Version: r.Version, Events: []lintEvent{}, Metrics: []lintMetric{}, ErrorCodes: []string{}}
	for _, ev := range r.Events {
		e := lintEvent{Name: ev.Name, Severity: ev.Severity}
		for _, c := range ev.ErrorCodes {
			e.Codes = append(e.Codes, c.Value)
		}
		n.Events = append(n.Events, e)
	}
	for _, m := range r.Metrics {
		n.Metrics = append(n.Metrics, lintMetric{Name: m.Name, Kind: m.Kind})
	}
	for _, c := range r.ErrorCodes {
		n.ErrorCodes = append(n.ErrorCodes, c.Code)
	}
	b, err := json.Marshal(n)
	return string(b), err
}
