// Package reflhelper never imports the runtime: it cannot name a sink
// type, but a sink reaches it as an interface value. Its reflective
// method lookups on what its parameters receive become facts, checked
// where a sink is handed to it; those it cannot follow are reported here.
package reflhelper

import (
	"reflect"
	"unsafe"
)

// Invoke calls x's method name: the looked-up value is kept in a
// variable and called in a later statement.
func Invoke(x any, name string, args ...any) []reflect.Value { // want Invoke:`reflectsOn\(param 0 by name 1\)`
	v := reflect.ValueOf(x)
	m := v.MethodByName(name)
	in := make([]reflect.Value, len(args))
	for i, a := range args {
		in[i] = reflect.ValueOf(a)
	}
	return m.Call(in)
}

// First calls x's first method, by index.
func First(x any) { // want First:`reflectsOn\(param 0\)`
	reflect.ValueOf(x).Method(0).Call(nil)
}

// Nested looks up a method of a field of what x points to.
func Nested(x any, name string) { // want Nested:`reflectsOn\(param 0 by name 1 deep\)`
	reflect.ValueOf(x).Elem().FieldByName("S").MethodByName(name).Call(nil)
}

// Through passes its parameters to Invoke: a fact of its own.
func Through(x any, name string) { // want Through:`reflectsOn\(param 0 by name 1\)`
	Invoke(x, name)
}

// ByValue receives the reflect.Value itself.
func ByValue(v reflect.Value, name string) { // want ByValue:`reflectsOn\(param 0 by name 1\)`
	v.MethodByName(name).Call(nil)
}

// ByType looks methods up on the type, then calls the method's function
// with the receiver.
func ByType(x any, i int) { // want ByType:`reflectsOn\(param 0\)`
	t := reflect.TypeOf(x)
	t.Method(i).Func.Call([]reflect.Value{reflect.ValueOf(x)})
}

// Captured looks up in a closure a value captured from its parameter.
func Captured(x any, name string) func() { // want Captured:`reflectsOn\(param 0\)`
	v := reflect.ValueOf(x)
	return func() { v.MethodByName(name).Call(nil) }
}

// Generic looks up a method of a type parameter's value.
func Generic[T any](x T, name string) { // want Generic:`reflectsOn\(param 0 by name 1\)`
	reflect.ValueOf(x).MethodByName(name).Call(nil)
}

// Safe looks up a constant name other than the sink method's: harmless
// whatever x is, so no fact.
func Safe(x any) {
	reflect.ValueOf(x).MethodByName("String").Call(nil)
}

var registry = map[string]any{}

// Stored looks up a value read from a map: its origin cannot be followed.
func Stored(key, name string) {
	reflect.ValueOf(registry[key]).MethodByName(name).Call(nil) // want `reflective method lookup reflect.Value.MethodByName by index or by a name that is not a constant on an element of a map, slice or array, whose origin cannot be followed: it may be a sink`
}

// ExplicitName looks up the sink method's name on any value.
func ExplicitName(key string) {
	reflect.ValueOf(registry[key]).MethodByName("WriteRecord").Call(nil) // want `by the sink method's name "WriteRecord" on an element of a map, slice or array`
}

// lookup is a method value of a lookup: what it looks up is not followed.
func lookup(v reflect.Value) func(string) reflect.Value {
	return v.MethodByName // want `reflective method lookup reflect.Value.MethodByName used as a function value`
}

// CallGeneric has the sink method's name and a signature that an
// instantiation makes the sink's: a call of a sink method.
func CallGeneric[R any](x interface{ WriteRecord(R) error }, r R) error {
	return x.WriteRecord(r) // want `call through type parameter|interface call of sink method .* in CallGeneric bypasses`
}

// Unsafe is reported here although the package cannot name a sink: a
// sink reaches it as an interface value.
func Unsafe(x any) uintptr {
	return uintptr((*[2]unsafe.Pointer)(unsafe.Pointer(&x))[1]) // want `use of unsafe.Pointer` `use of unsafe.Pointer`
}
