// Package bypass calls sinks around the redaction filter in every way the
// analyzer knows.
package bypass

import (
	"reflect"
	"unsafe"

	"github.com/genolewm/obs/runtime/redact"
	"github.com/genolewm/obs/runtime/sink"
)

//go:linkname finish github.com/genolewm/obs/runtime/redact.(*Filter).finish // want `//go:linkname into protected package github.com/genolewm/obs/runtime/redact`
func finish()

var _ = unsafe.Sizeof(0) // ok: a compile-time constant

func forge(r *redact.Record) *[3]uintptr {
	return (*[3]uintptr)(unsafe.Pointer(r)) // want `use of unsafe.Pointer: it can forge a filtered record`
}

// mySink re-declares the sink method in its own interface.
type mySink interface {
	WriteRecord(r *redact.Record) error
}

func direct(s redact.Sink, r *redact.Record) {
	_ = s.WriteRecord(r) // want `interface call of sink method redact.Sink.WriteRecord in direct bypasses the redaction filter \(INV-OBS-3\): only redact.Filter.Emit may call a sink`
}

func concrete(f *sink.File, r *redact.Record) {
	_ = f.WriteRecord(r) // want `call of sink method redact.Sink.WriteRecord in concrete bypasses the redaction filter`
}

func redeclared(s mySink, r *redact.Record) {
	_ = s.WriteRecord(r) // want `interface call of sink method .* in redeclared bypasses`
}

func methodValue(s redact.Sink) func(*redact.Record) error {
	return s.WriteRecord // want `method value of sink method redact.Sink.WriteRecord in methodValue bypasses`
}

func methodExpr() any {
	return redact.Sink.WriteRecord // want `method expression of sink method .* in methodExpr bypasses`
}

func methodExprConcrete() any {
	return (*sink.File).WriteRecord // want `method expression of sink method .* in methodExprConcrete bypasses`
}

func closure(s redact.Sink, r *redact.Record) func() {
	return func() {
		_ = s.WriteRecord(r) // want `interface call of sink method .* \(in a closure\) in closure bypasses`
	}
}

func goDefer(s redact.Sink, r *redact.Record) {
	go s.WriteRecord(r)    // want `\(in a go statement\) in goDefer bypasses`
	defer s.WriteRecord(r) // want `\(in a defer statement\) in goDefer bypasses`
}

func generic[S redact.Sink](s S, r *redact.Record) {
	_ = s.WriteRecord(r) // want `call through type parameter S of sink method .* in generic bypasses`
}

func genericStructural[S interface {
	WriteRecord(*redact.Record) error
}](s S, r *redact.Record) {
	_ = s.WriteRecord(r) // want `call through type parameter S of sink method`
}

// tee forwards to other sinks: also a bypass (compose sinks in Options.Sinks).
type tee []redact.Sink

func (t tee) WriteRecord(r *redact.Record) error {
	for _, s := range t {
		_ = s.WriteRecord(r) // want `interface call of sink method .* in tee.WriteRecord bypasses`
	}
	return nil
}

func reflective(s redact.Sink, f *sink.File, r *redact.Record) {
	reflect.ValueOf(s).MethodByName("WriteRecord").Call([]reflect.Value{reflect.ValueOf(r)}) // want `reflective lookup of sink method`
	reflect.ValueOf(f).Method(0).Call(nil)                                                   // want `reflective method access on sink type \*sink.File`
	_, _ = reflect.TypeOf(f).MethodByName("Close")                                           // want `reflective method access on sink type`
	_ = reflect.ValueOf(r).MethodByName("Bytes")                                             // ok: not a sink
}
