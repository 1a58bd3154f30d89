package genimpl_test

import (
	"testing"

	"github.com/genolewm/obs/runtime/genimpl"
	"github.com/genolewm/obs/runtime/internal/core"
)

// TestRefusedRegistryHandsOutNothingUsable: the handles generated code
// takes from a refused registry are owned by no registry a logger could
// be built over, and metric updates through them reach no export.
func TestRefusedRegistryHandsOutNothingUsable(t *testing.T) {
	spec := core.Spec()
	spec.DenyKeys = nil
	bad := genimpl.NewRegistry(spec)
	if bad.Err() == nil {
		t.Fatal("a spec without the core deny list compiled")
	}
	ev := genimpl.EventOf(bad, 0)
	if ev == nil || bad.Owns(ev) {
		t.Fatal("EventOf on a refused registry returned nil or an owned event")
	}
	good := genimpl.NewRegistry(core.Spec())
	if good.Owns(ev) {
		t.Error("the placeholder event belongs to a valid registry")
	}
	c := genimpl.CountersOf(bad, 0).At(0)
	c.Inc() // must not panic, and lands in a family nothing exports
	if genimpl.EventOf(good, 99) == nil || good.Owns(genimpl.EventOf(good, 99)) {
		t.Error("an id out of range gave an owned event")
	}
	if !good.Owns(genimpl.EventOf(good, 0)) {
		t.Error("a valid id of a valid registry is not owned")
	}
}
