// Package bypass calls sinks around the redaction filter in every way the
// analyzer knows, with what code outside the runtime can reach: the
// observe.Sink interface, its own sink types and observe.Record values.
package bypass

import (
	"reflect"
	"unsafe"

	"github.com/genolewm/obs/runtime/observe"
)

//go:linkname finish github.com/genolewm/obs/runtime/internal/filter.(*Filter).finish // want `//go:linkname into protected package github.com/genolewm/obs/runtime/internal/filter`
func finish()

//go:linkname emit github.com/genolewm/obs/runtime/observe.Logger.emit // want `//go:linkname into protected package github.com/genolewm/obs/runtime/observe`
func emit()

var _ = unsafe.Sizeof(0) // ok: a compile-time constant

func forge(r *observe.Record) *[3]uintptr {
	return (*[3]uintptr)(unsafe.Pointer(r)) // want `use of unsafe.Pointer: it can forge a filtered record`
}

// fileSink is a user's sink type.
type fileSink struct{ lines [][]byte }

func (s *fileSink) WriteRecord(r *observe.Record) error {
	s.lines = append(s.lines, append([]byte(nil), r.Bytes()...))
	return nil
}

// Close is not a sink method.
func (s *fileSink) Close() error { return nil }

// mySink re-declares the sink method in its own interface.
type mySink interface {
	WriteRecord(r *observe.Record) error
}

// forged is a record that never went through the filter.
var forged = &observe.Record{}

func direct(s observe.Sink, r *observe.Record) {
	_ = s.WriteRecord(r) // want `interface call of sink method filter.Sink.WriteRecord in direct bypasses the redaction filter \(INV-OBS-3\): only filter.Filter.Emit may call a sink`
}

func concrete(f *fileSink) {
	_ = f.WriteRecord(forged) // want `call of sink method filter.Sink.WriteRecord in concrete bypasses the redaction filter`
}

func redeclared(s mySink, r *observe.Record) {
	_ = s.WriteRecord(r) // want `interface call of sink method .* in redeclared bypasses`
}

func methodValue(s observe.Sink) func(*observe.Record) error {
	return s.WriteRecord // want `method value of sink method filter.Sink.WriteRecord in methodValue bypasses`
}

func methodExpr() any {
	return observe.Sink.WriteRecord // want `method expression of sink method .* in methodExpr bypasses`
}

func methodExprConcrete() any {
	return (*fileSink).WriteRecord // want `method expression of sink method .* in methodExprConcrete bypasses`
}

func closure(s observe.Sink, r *observe.Record) func() {
	return func() {
		_ = s.WriteRecord(r) // want `interface call of sink method .* \(in a closure\) in closure bypasses`
	}
}

func goDefer(s observe.Sink, r *observe.Record) {
	go s.WriteRecord(r)    // want `\(in a go statement\) in goDefer bypasses`
	defer s.WriteRecord(r) // want `\(in a defer statement\) in goDefer bypasses`
}

func generic[S observe.Sink](s S, r *observe.Record) {
	_ = s.WriteRecord(r) // want `call through type parameter S of sink method .* in generic bypasses`
}

// genericSignature's method is the sink method once R is *observe.Record.
func genericSignature[R any](s interface{ WriteRecord(R) error }, r R) {
	_ = s.WriteRecord(r) // want `call through type parameter|interface call of sink method .* in genericSignature bypasses`
}

func genericStructural[S interface {
	WriteRecord(*observe.Record) error
}](s S, r *observe.Record) {
	_ = s.WriteRecord(r) // want `call through type parameter S of sink method`
}

// tee forwards to other sinks: also a bypass (compose sinks in the
// logger's list of sinks).
type tee []observe.Sink

func (t tee) WriteRecord(r *observe.Record) error {
	for _, s := range t {
		_ = s.WriteRecord(r) // want `interface call of sink method .* in tee.WriteRecord bypasses`
	}
	return nil
}

func reflective(s observe.Sink, f *fileSink, r *observe.Record) {
	reflect.ValueOf(s).MethodByName("WriteRecord").Call([]reflect.Value{reflect.ValueOf(r)}) // want `reflective method lookup reflect.Value.MethodByName on parameter s of type observe.Sink, which may be a sink, can call sink method filter.Sink.WriteRecord`
	reflect.ValueOf(f).Method(0).Call(nil)                                                   // want `reflective method lookup reflect.Value.Method on parameter f of type \*bypass.fileSink, which may be a sink`
	_, _ = reflect.TypeOf(f).MethodByName("Close")                                           // ok: a constant name other than the sink method's
	_ = reflect.ValueOf(r).MethodByName("Bytes")                                             // ok: not a sink
}
