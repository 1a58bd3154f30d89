// want package:`obsgenRegistry\(3 events, 1 metrics, 1 error codes\)`

// Package events is an obsgen-generated events package; this file is
// hand-written beside the generated one (the package is still generated).
package events
