// Package adopttest holds the test that examples/adopt, a module of its own
// with its own registry, adopts the runtime and the linters unchanged: it
// regenerates without drift, builds, runs, passes live-check, vets clean
// with obslint and no flags (and reports exactly the planted finding under
// the planted tag), and counts its own event names. A copy with its events
// renamed does the same after go generate.
package adopttest
