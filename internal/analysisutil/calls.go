package analysisutil

import (
	"go/ast"
	"go/types"

	"golang.org/x/tools/go/types/typeutil"
)

// Callee is the function a call reaches, as the analyzers check it.
type Callee struct {
	Fn *types.Func
	// Abstract: Fn is an interface method, reached through an interface,
	// a type parameter or an embedded interface. The call may run any
	// method with Fn's name whose signature Fn's can be (see MayMatch).
	Abstract bool
	// RecvArg: the call is of a method expression (T.M(x, ...)), so its
	// argument 0 is the receiver and parameter k is argument k+1.
	RecvArg bool
	// Via is, for an abstract call, the interface or type parameter it
	// goes through, for messages.
	Via types.Type
}

// ResolveCall returns the function that call reaches when it names one:
// a function, a method (concrete or abstract) or a method expression,
// generic or not. Calls of function values, builtins and conversions
// have no callee.
func ResolveCall(info *types.Info, call *ast.CallExpr) (Callee, bool) {
	fn, _ := typeutil.Callee(info, call).(*types.Func)
	if fn == nil {
		return Callee{}, false
	}
	c := Callee{Fn: fn}
	if sig, ok := fn.Type().(*types.Signature); ok && sig.Recv() != nil && types.IsInterface(sig.Recv().Type()) {
		c.Abstract, c.Via = true, sig.Recv().Type()
	}
	fun := ast.Unparen(call.Fun)
	switch x := fun.(type) {
	case *ast.IndexExpr:
		fun = ast.Unparen(x.X)
	case *ast.IndexListExpr:
		fun = ast.Unparen(x.X)
	}
	if sel, ok := fun.(*ast.SelectorExpr); ok {
		if s := info.Selections[sel]; s != nil {
			c.RecvArg = s.Kind() == types.MethodExpr
			if c.Abstract && types.IsInterface(s.Recv()) {
				c.Via = s.Recv() // the type parameter or interface as written
			}
		}
	}
	return c, true
}

// ArgStatus says whether a parameter's argument can be read off a call.
type ArgStatus int

const (
	ArgOK      ArgStatus = iota
	ArgSpread            // inside the slice of a variadic spread f(a, xs...)
	ArgTuple             // from a multi-value call f(g())
	ArgMissing           // no such argument
)

// Arg returns the argument of call that parameter k of c.Fn receives (k
// excludes the receiver). For the variadic parameter, k is its first
// element.
func Arg(info *types.Info, call *ast.CallExpr, c Callee, k int) (ast.Expr, ArgStatus) {
	i := k
	if c.RecvArg {
		i++
	}
	if len(call.Args) == 1 {
		if _, ok := info.TypeOf(call.Args[0]).(*types.Tuple); ok {
			return nil, ArgTuple
		}
	}
	if call.Ellipsis.IsValid() && i >= len(call.Args)-1 {
		return nil, ArgSpread
	}
	if i >= len(call.Args) {
		return nil, ArgMissing
	}
	return call.Args[i], ArgOK
}

// MayMatch reports whether a call of method m may run a method named name
// with signature sig (receivers aside): m has that name and a signature
// identical to sig, or one that some instantiation of its type parameters
// makes identical (interface{ WriteRecord(R) error } for any R).
func MayMatch(m *types.Func, name string, sig *types.Signature) bool {
	if m == nil || sig == nil || m.Name() != name {
		return false
	}
	ms, ok := m.Type().(*types.Signature)
	return ok && mayIdentical(ms, sig, 0)
}

// mayIdentical is types.Identical with type parameters of a as wildcards.
func mayIdentical(a, b types.Type, depth int) bool {
	if depth > 16 {
		return true // a deep recursive type: assume the worst
	}
	a, b = types.Unalias(a), types.Unalias(b)
	if _, ok := a.(*types.TypeParam); ok {
		return true
	}
	if types.Identical(a, b) {
		return true
	}
	switch a := a.(type) {
	case *types.Signature:
		b, ok := b.(*types.Signature)
		return ok && a.Variadic() == b.Variadic() &&
			tuplesMayIdentical(a.Params(), b.Params(), depth) && tuplesMayIdentical(a.Results(), b.Results(), depth)
	case *types.Pointer:
		b, ok := b.(*types.Pointer)
		return ok && mayIdentical(a.Elem(), b.Elem(), depth+1)
	case *types.Slice:
		b, ok := b.(*types.Slice)
		return ok && mayIdentical(a.Elem(), b.Elem(), depth+1)
	case *types.Array:
		b, ok := b.(*types.Array)
		return ok && a.Len() == b.Len() && mayIdentical(a.Elem(), b.Elem(), depth+1)
	case *types.Chan:
		b, ok := b.(*types.Chan)
		return ok && a.Dir() == b.Dir() && mayIdentical(a.Elem(), b.Elem(), depth+1)
	case *types.Map:
		b, ok := b.(*types.Map)
		return ok && mayIdentical(a.Key(), b.Key(), depth+1) && mayIdentical(a.Elem(), b.Elem(), depth+1)
	case *types.Named:
		b, ok := b.(*types.Named)
		if !ok || a.Origin().Obj() != b.Origin().Obj() || a.TypeArgs().Len() != b.TypeArgs().Len() {
			return false
		}
		for i := 0; i < a.TypeArgs().Len(); i++ {
			if !mayIdentical(a.TypeArgs().At(i), b.TypeArgs().At(i), depth+1) {
				return false
			}
		}
		return true
	}
	return false
}

func tuplesMayIdentical(a, b *types.Tuple, depth int) bool {
	if a.Len() != b.Len() {
		return false
	}
	for i := 0; i < a.Len(); i++ {
		if !mayIdentical(a.At(i).Type(), b.At(i).Type(), depth+1) {
			return false
		}
	}
	return true
}

// LookupFunc resolves a designation ("pkg.F", "(pkg.T).M" or "(*pkg.T).M")
// among pkg and its transitive imports; nil when it is not reachable.
func LookupFunc(pkg *types.Package, designation string) *types.Func {
	if ref, err := ParseMethod(designation); err == nil {
		p := FindPackage(pkg, ref.Pkg)
		if p == nil {
			return nil
		}
		tn, _ := p.Scope().Lookup(ref.Type).(*types.TypeName)
		if tn == nil {
			return nil
		}
		t := tn.Type()
		if !types.IsInterface(t) {
			t = types.NewPointer(t) // the method sets of T and *T
		}
		obj, _, _ := types.LookupFieldOrMethod(t, false, p, ref.Method)
		fn, _ := obj.(*types.Func)
		return fn
	}
	dot := -1
	for i := len(designation) - 1; i >= 0 && designation[i] != '/'; i-- {
		if designation[i] == '.' {
			dot = i
			break
		}
	}
	if dot < 0 {
		return nil
	}
	p := FindPackage(pkg, designation[:dot])
	if p == nil {
		return nil
	}
	fn, _ := p.Scope().Lookup(designation[dot+1:]).(*types.Func)
	return fn
}
