// Package schema is the compiled, sealed registry: the events with their
// severities, sampling rules, key allowlists and error codes, the error
// code names, the personal-data deny list and the metric families, as the
// runtime enforces them.
//
// A Registry is compiled once from a Spec (the plain data that generated
// code describes its registry with) and is immutable afterwards: every
// field is unexported and every accessor returns a copy, so no code that
// holds a *Registry, whatever it imports, can change what the filter
// allows. Compile checks the whole Spec, and checks that the items the
// runtime owns (the core registry: the error event, its codes, the deny
// list and the runtime's own metrics) are present exactly as the runtime
// was built with them; a Spec that fails any check yields a Registry
// whose Err is set and that Start refuses.
//
// The runtime's own counters (geno_lewm.observability.redacted_keys and
// geno_lewm.errors.raised) are located by name when compiling, so records
// and drops are counted in the module's own families, labelled with the
// module's own event names.
package schema
