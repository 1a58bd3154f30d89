// Package eventspec is the vocabulary shared by the generated event API
// (generated/events) and the runtime: severities, field kinds, error codes
// and the descriptor of a registered event. It has no dependencies so that
// both sides can import it.
//
// Descriptors are produced by cmd/obsgen from registry/events.yaml; code
// never builds them by hand (the logger rejects a descriptor that is not in
// its table, and the obsevent analyzer reports one built outside
// generated/).
package eventspec
