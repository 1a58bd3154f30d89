// Package reflcaller hands sinks to reflective helpers and looks up their
// methods itself, in every shape the value-flow check follows.
package reflcaller

import (
	"io"
	"reflect"
	"text/template"

	"example.com/lintcase/reflhelper"
	"github.com/genolewm/obs/runtime/observe"
)

type fileSink struct{}

func (*fileSink) WriteRecord(r *observe.Record) error { return nil }

// holder has a sink in a field.
type holder struct{ S observe.Sink }

// plain has none: nothing in it can be a sink.
type plain struct {
	N    int
	Name string
}

func helpers(s observe.Sink, f *fileSink, r *observe.Record, name string) {
	reflhelper.Invoke(s, "WriteRecord", r)       // want `call of reflhelper.Invoke, which looks methods up by reflection, on parameter s of type observe.Sink, which may be a sink, can call sink method filter.Sink.WriteRecord`
	reflhelper.Invoke(f, name)                   // want `on parameter f of type \*reflcaller.fileSink, which may be a sink`
	reflhelper.First(f)                          // want `call of reflhelper.First, which looks methods up by reflection`
	reflhelper.Through(s, name)                  // want `call of reflhelper.Through`
	reflhelper.ByValue(reflect.ValueOf(f), name) // want `call of reflhelper.ByValue`
	reflhelper.ByType(f, 0)                      // want `call of reflhelper.ByType`
	reflhelper.Captured(s, name)()               // want `call of reflhelper.Captured`
	reflhelper.Generic(f, name)                  // want `call of reflhelper.Generic`
	reflhelper.Nested(&holder{}, name)           // want `on a value of type \*reflcaller.holder, which has a component that may be a sink`
	var x any = s
	reflhelper.Invoke(x, name)        // want `call of reflhelper.Invoke`
	reflhelper.Invoke(r, "Bytes")     // ok: a constant name other than the sink method's
	reflhelper.Invoke(r, name)        // ok: *observe.Record has no sink method
	reflhelper.Nested(&plain{}, name) // ok: no component of plain can be a sink
	reflhelper.Safe(s)                // ok: Safe looks up "String" only
	reflhelper.Generic(r, name)       // ok
	relay(s, name)                    // want `call of reflcaller.relay`
}

// relay passes an interface value on: a fact, checked at its callers.
func relay(x any, name string) { // want relay:`reflectsOn\(param 0 by name 1\)`
	reflhelper.Invoke(x, name)
}

func local(s observe.Sink, f *fileSink, r *observe.Record, name string, n int) {
	v := reflect.ValueOf(s)
	m := v.MethodByName(name) // want `reflective method lookup reflect.Value.MethodByName on parameter s of type observe.Sink, which may be a sink`
	m.Call(nil)
	stash := reflect.ValueOf(r)
	if n > 0 {
		stash = reflect.ValueOf(f)
	}
	stash.MethodByName(name).Call(nil)                             // want `on parameter f of type \*reflcaller.fileSink`
	reflect.TypeOf(f).Method(n).Func.Call(nil)                     // want `reflective method lookup reflect.Type.Method on parameter f`
	_, _ = reflect.TypeFor[*fileSink]().MethodByName(name)         // want `on a value of type \*reflcaller.fileSink, which may be a sink`
	reflect.ValueOf(&holder{}).Elem().Field(0).Method(n).Call(nil) // want `which has a component that may be a sink`
	_ = reflect.ValueOf(r).MethodByName(name)                      // ok: not a sink
	_, _ = reflect.TypeOf(f).MethodByName("Close")                 // ok: a constant name other than the sink method's
	_ = reflect.ValueOf(plain{}).Field(0).Method(n)                // ok
}

// valueOf wraps reflect.ValueOf: its result is followed into its body.
func valueOf(x any) reflect.Value { return reflect.ValueOf(x) }

func iterators(f *fileSink, r *observe.Record, name string) {
	valueOf(f).MethodByName(name).Call(nil)      // want `on parameter f of type \*reflcaller.fileSink`
	valueOf(r).MethodByName(name).Call(nil)      // ok
	for m := range reflect.TypeOf(f).Methods() { // want `reflective method lookup reflect.Type.Methods on parameter f`
		_ = m
	}
	for _, v := range reflect.ValueOf(f).Methods() { // want `reflective method lookup reflect.Value.Methods on parameter f`
		v.Call(nil)
	}
}

// A template calls methods of its data by reflection: the standard
// library's text/template carries a fact, so a sink in the data is found.
func templates(w io.Writer, f *fileSink, name string) {
	t := template.Must(template.New("t").Parse(`{{.WriteRecord nil}}`))
	_ = t.Execute(w, f)                      // want `call of template.Template.Execute, which looks methods up by reflection, on parameter f of type \*reflcaller.fileSink`
	_ = t.Execute(w, plain{Name: name})      // ok: nothing in plain can be a sink
	_ = t.Execute(w, map[string]any{"n": 1}) // want `call of template.Template.Execute, .* on a value of type map\[string\]any, which has a component that may be a sink`
}
