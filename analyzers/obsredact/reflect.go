package obsredact

import (
	"fmt"
	"go/constant"
	"go/token"
	"go/types"
	"sort"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ssa"
)

// A reflective method lookup (reflect.Value.Method, MethodByName,
// reflect.Type.Method, MethodByName) is the only way reflection can make a
// sink method callable: Value.Call and CallSlice only run what a lookup
// (or a Go method value, which checkSelector reports) made, and
// FieldByName, Elem, Index and the like only navigate to a component. So
// every lookup is checked where it is, by following the looked-up value
// back, through the function's SSA form, to where it came from:
//
//   - a value of a static type (reflect.ValueOf(x), TypeOf, TypeFor, a
//     navigation from one): harmless unless the type, or after a
//     navigation any component of it, has a sink method or is an
//     interface or type parameter (it may hold a sink);
//   - a parameter of the function: summarized in a reflectsOn fact, and
//     checked at every call of the function, in any package, with the
//     argument it receives (so a helper package that never sees the sink
//     type is checked where a sink is handed to it);
//   - anything else (a field, a global, a channel, a call result): not
//     provable, reported.
//
// A lookup by a constant name other than the sink method's is harmless
// whatever the value.

// reflectsOn marks a function that looks up, by reflection, the methods
// of what its parameters receive.
type reflectsOn struct {
	Lookups []ParamLookup
}

// ParamLookup is one parameter whose value reaches a method lookup.
type ParamLookup struct {
	Param int  // SSA parameter index: a method's receiver is 0
	Name  int  // the parameter giving the method name; -1 if none (Method(i), or not a parameter)
	Deep  bool // the lookup is on a component of the value (a field, an element)
}

func (*reflectsOn) AFact() {}

func (f *reflectsOn) String() string {
	var parts []string
	for _, l := range f.Lookups {
		s := "param " + strconv.Itoa(l.Param)
		if l.Name >= 0 {
			s += " by name " + strconv.Itoa(l.Name)
		}
		if l.Deep {
			s += " deep"
		}
		parts = append(parts, s)
	}
	return "reflectsOn(" + strings.Join(parts, "; ") + ")"
}

// needsSSA reports whether the package looks methods up by reflection or
// calls a function that does (an imported fact): only then is its SSA
// form built.
func needsSSA(pass *analysis.Pass) bool {
	withFact := map[types.Object]bool{}
	for _, f := range pass.AllObjectFacts() {
		if _, ok := f.Fact.(*reflectsOn); ok {
			withFact[f.Object] = true
		}
	}
	for _, obj := range pass.TypesInfo.Uses {
		fn, ok := obj.(*types.Func)
		if !ok {
			continue
		}
		if isLookupMethod(fn) || withFact[fn.Origin()] {
			return true
		}
	}
	return false
}

// isLookupMethod reports whether fn is reflect.Value's or reflect.Type's
// Method, MethodByName or Methods (an iterator over them).
func isLookupMethod(fn *types.Func) bool {
	if fn.Pkg() == nil || fn.Pkg().Path() != "reflect" || fn.Name() != "Method" && fn.Name() != "MethodByName" && fn.Name() != "Methods" {
		return false
	}
	recv := fn.Type().(*types.Signature).Recv()
	return recv != nil && (isReflect(recv.Type(), "Value") || isReflect(recv.Type(), "Type"))
}

func isReflect(t types.Type, name string) bool {
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	n, ok := types.Unalias(t).(*types.Named)
	return ok && n.Obj().Pkg() != nil && n.Obj().Pkg().Path() == "reflect" && n.Obj().Name() == name
}

// buildSSA builds the package's SSA form and returns its source
// functions (declared, literal and the package initializer).
func buildSSA(pass *analysis.Pass) []*ssa.Function {
	prog := ssa.NewProgram(pass.Fset, ssa.BuilderMode(0))
	for _, p := range pass.Pkg.Imports() {
		prog.CreatePackage(p, nil, nil, true)
	}
	pkg := prog.CreatePackage(pass.Pkg, pass.Files, pass.TypesInfo, false)
	pkg.Build()
	var funcs []*ssa.Function
	var add func(f *ssa.Function)
	add = func(f *ssa.Function) {
		funcs = append(funcs, f)
		for _, a := range f.AnonFuncs {
			add(a)
		}
	}
	if init := pkg.Func("init"); init != nil {
		add(init)
	}
	for _, obj := range sortedFuncs(pass) {
		if f := prog.FuncValue(obj); f != nil {
			add(f)
		}
	}
	return funcs
}

// sortedFuncs returns the package's declared functions in source order.
func sortedFuncs(pass *analysis.Pass) []*types.Func {
	var out []*types.Func
	for id, obj := range pass.TypesInfo.Defs {
		if fn, ok := obj.(*types.Func); ok && id.Name != "_" && fn.Pkg() == pass.Pkg {
			if fn.Type().(*types.Signature).Recv() != nil && types.IsInterface(fn.Type().(*types.Signature).Recv().Type()) {
				continue // an interface method has no body
			}
			out = append(out, fn)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Pos() < out[j].Pos() })
	return out
}

// origin is where a looked-up value came from.
type origin struct {
	kind  originKind
	typ   types.Type // typed: the static type
	deep  bool       // a component of it was reached
	param *ssa.Parameter
	what  string // unknown: what the value is, for messages
}

type originKind int

const (
	typed originKind = iota
	fromParam
	unknown
)

// reflectChecker checks the lookups of one package.
type reflectChecker struct {
	c     *checker
	local map[*ssa.Function]*reflectsOn
	// report is false while the facts are computed to a fixed point.
	report bool
	seen   map[token.Pos]bool
}

func (c *checker) checkReflection() {
	pass := c.pass
	if !needsSSA(pass) {
		return
	}
	funcs := buildSSA(pass)
	r := &reflectChecker{c: c, local: map[*ssa.Function]*reflectsOn{}, seen: map[token.Pos]bool{}}
	for changed := true; changed; {
		changed = false
		for _, fn := range funcs {
			if r.scan(fn) {
				changed = true
			}
		}
	}
	r.report = true
	for _, fn := range funcs {
		r.scan(fn)
	}
	for fn, f := range r.local {
		obj, _ := fn.Object().(*types.Func)
		if obj != nil && obj.Pkg() == pass.Pkg {
			sort.Slice(f.Lookups, func(i, j int) bool {
				a, b := f.Lookups[i], f.Lookups[j]
				if a.Param != b.Param {
					return a.Param < b.Param
				}
				if a.Name != b.Name {
					return a.Name < b.Name
				}
				return !a.Deep && b.Deep
			})
			pass.ExportObjectFact(obj, f)
		}
	}
}

// scan checks every lookup and every call of a function with a
// reflectsOn fact in fn; it reports whether a fact grew.
func (r *reflectChecker) scan(fn *ssa.Function) bool {
	grew := false
	for _, b := range fn.Blocks {
		for _, instr := range b.Instrs {
			call, ok := instr.(ssa.CallInstruction)
			if !ok {
				continue
			}
			com := call.Common()
			if recv, name, what := lookupOp(com); recv != nil {
				grew = r.check(recv, name, false, call.Pos(), what, "") || grew
				continue
			}
			callee := com.StaticCallee()
			if callee == nil {
				continue
			}
			f := r.factOf(callee)
			if f == nil {
				continue
			}
			for _, l := range f.Lookups {
				if l.Param >= len(com.Args) {
					continue
				}
				var name ssa.Value
				if l.Name >= 0 && l.Name < len(com.Args) {
					name = com.Args[l.Name]
				}
				what := "call of " + calleeName(callee) + ", which looks methods up by reflection,"
				grew = r.check(com.Args[l.Param], name, l.Deep, call.Pos(), what, calleeName(callee)) || grew
			}
		}
	}
	return grew
}

func calleeName(fn *ssa.Function) string {
	if obj, ok := fn.Object().(*types.Func); ok {
		s := obj.FullName()
		return strings.NewReplacer("(", "", ")", "", "*", "").Replace(s[strings.LastIndexByte(s[:max(0, strings.LastIndexByte(s, '.'))], '/')+1:])
	}
	return fn.Name()
}

func (r *reflectChecker) factOf(callee *ssa.Function) *reflectsOn {
	if o := callee.Origin(); o != nil {
		callee = o
	}
	if f := r.local[callee]; f != nil {
		return f
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil || obj.Pkg() == r.c.pass.Pkg {
		return nil
	}
	var f reflectsOn
	if r.c.pass.ImportObjectFact(obj.Origin(), &f) {
		return &f
	}
	return nil
}

// lookupOp returns the receiver and name of a method lookup by
// reflection (name nil for Method(i)), and what it is for messages.
func lookupOp(com *ssa.CallCommon) (recv, name ssa.Value, what string) {
	var fn *types.Func
	var args []ssa.Value
	if com.IsInvoke() {
		fn, recv, args = com.Method, com.Value, com.Args
	} else if callee := com.StaticCallee(); callee != nil && len(com.Args) > 0 {
		fn, _ = callee.Object().(*types.Func)
		recv, args = com.Args[0], com.Args[1:]
	}
	if fn == nil || !isLookupMethod(fn) {
		return nil, nil, ""
	}
	if fn.Name() == "MethodByName" && len(args) == 1 {
		name = args[0]
	}
	r := "reflect.Value"
	if isReflect(fn.Type().(*types.Signature).Recv().Type(), "Type") {
		r = "reflect.Type"
	}
	return recv, name, "reflective method lookup " + r + "." + fn.Name()
}

// check checks one lookup of v's methods by name (nil: by index, or not
// known); via names the callee whose fact it comes from ("" for a lookup
// in this function). It reports whether a fact grew.
func (r *reflectChecker) check(v, name ssa.Value, deep bool, pos token.Pos, what, via string) bool {
	nameParam := -1
	if name != nil {
		if c, ok := name.(*ssa.Const); ok && c.Value != nil && c.Value.Kind() == constant.String {
			if constant.StringVal(c.Value) != r.c.sinkName {
				return false // a constant name other than the sink method's
			}
		} else if p, ok := name.(*ssa.Parameter); ok && p.Parent().Parent() == nil {
			nameParam = paramIndex(p)
		}
	}
	grew := false
	for _, o := range r.trace(v, deep) {
		switch o.kind {
		case typed:
			if r.c.mayHoldSink(o.typ, o.deep) {
				r.reportf(pos, "%s on a value of type %s, which %s, can call sink method %s and bypass the redaction filter (INV-OBS-3): sinks are called only by %s",
					what, r.c.typeString(o.typ), holds(o), r.c.sinkDesc, filterName())
			}
		case fromParam:
			p := o.param
			t := p.Type()
			if isReflect(t, "Value") || types.IsInterface(t) && !r.c.hasSinkMethod(t) {
				// What the parameter holds is the caller's: a fact.
				fn := p.Parent()
				f := r.local[fn]
				if f == nil {
					f = &reflectsOn{}
					r.local[fn] = f
				}
				l := ParamLookup{Param: paramIndex(p), Name: nameParam, Deep: o.deep}
				if !containsLookup(f.Lookups, l) {
					f.Lookups = append(f.Lookups, l)
					grew = true
				}
				continue
			}
			if r.c.mayHoldSink(t, o.deep) {
				r.reportf(pos, "%s on parameter %s of type %s, which %s, can call sink method %s and bypass the redaction filter (INV-OBS-3): sinks are called only by %s",
					what, p.Name(), r.c.typeString(t), holds(o), r.c.sinkDesc, filterName())
			}
		case unknown:
			by := "by index or by a name that is not a constant"
			if _, ok := name.(*ssa.Const); ok {
				by = fmt.Sprintf("by the sink method's name %q", r.c.sinkName)
			}
			r.reportf(pos, "%s %s on %s, whose origin cannot be followed: it may be a sink, and calling its %s bypasses the redaction filter (INV-OBS-3); look methods up by a constant name other than %q, or on a value of a concrete type",
				what, by, o.what, r.c.sinkName, r.c.sinkName)
		}
	}
	return grew
}

func holds(o origin) string {
	if o.deep {
		return "has a component that may be a sink"
	}
	return "may be a sink"
}

func containsLookup(ls []ParamLookup, l ParamLookup) bool {
	for _, x := range ls {
		if x == l {
			return true
		}
	}
	return false
}

func paramIndex(p *ssa.Parameter) int {
	for i, q := range p.Parent().Params {
		if q == p {
			return i
		}
	}
	return -1
}

func isTypeParam(t types.Type) bool {
	_, ok := types.Unalias(t).(*types.TypeParam)
	return ok
}

func (r *reflectChecker) reportf(pos token.Pos, format string, args ...any) {
	if !r.report || r.seen[pos] {
		return
	}
	r.seen[pos] = true
	r.c.pass.Report(analysis.Diagnostic{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

// frame is a call of a function of this package whose results are being
// followed into its body: its parameters stand for the call's arguments.
type frame struct {
	com    *ssa.CallCommon
	callee *ssa.Function
	parent *frame
	depth  int
}

// maxInline bounds how deep results are followed into callees.
const maxInline = 4

// trace returns where v came from. deep is set once a component of a
// value has been navigated to.
func (r *reflectChecker) trace(v ssa.Value, deep bool) []origin {
	var out []origin
	type key struct {
		v    ssa.Value
		deep bool
		fr   *frame
	}
	seen := map[key]bool{}
	unknownf := func(format string, args ...any) {
		out = append(out, origin{kind: unknown, what: fmt.Sprintf(format, args...)})
	}
	var walk func(v ssa.Value, deep bool, fr *frame)
	// result follows result idx of a call: into the callee's returns when
	// it is a function of this package, else as a call.
	result := func(call *ssa.Call, idx int, deep bool, fr *frame) {
		callee := call.Common().StaticCallee()
		if callee != nil && callee.Pkg != nil && callee.Pkg.Pkg == r.c.pass.Pkg && len(callee.Blocks) > 0 {
			depth := 0
			if fr != nil {
				depth = fr.depth + 1
			}
			recursive := false
			for f := fr; f != nil; f = f.parent {
				recursive = recursive || f.callee == callee
			}
			if depth < maxInline && !recursive {
				inner := &frame{com: call.Common(), callee: callee, parent: fr, depth: depth}
				for _, b := range callee.Blocks {
					if ret, ok := b.Instrs[len(b.Instrs)-1].(*ssa.Return); ok && idx < len(ret.Results) {
						walk(ret.Results[idx], deep, inner)
					}
				}
				return
			}
		}
		r.traceCall(call, deep, func(v ssa.Value, d bool) { walk(v, d, fr) }, func(o origin) { out = append(out, o) }, unknownf)
	}
	walk = func(v ssa.Value, deep bool, fr *frame) {
		k := key{v, deep, fr}
		if seen[k] {
			return
		}
		seen[k] = true
		if p, ok := v.(*ssa.Parameter); ok && fr != nil && p.Parent() == fr.callee {
			// A parameter of an inlined callee: the call's argument.
			args := fr.com.Args
			if i := paramIndex(p); i >= 0 && i < len(args) {
				walk(args[i], deep, fr.parent)
				return
			}
		}
		t := v.Type()
		if _, tuple := t.(*types.Tuple); !tuple && !types.IsInterface(t) && !isReflect(t, "Value") && !isTypeParam(t) {
			// Not an interface: its static type is what it is. (A
			// reflect.Type is an interface, followed below.)
			if _, ok := v.(*ssa.Parameter); !ok {
				out = append(out, origin{kind: typed, typ: t, deep: deep})
				return
			}
		}
		switch v := v.(type) {
		case *ssa.Const:
			if !v.IsNil() {
				out = append(out, origin{kind: typed, typ: t, deep: deep})
			}
		case *ssa.MakeInterface:
			walk(v.X, deep, fr)
		case *ssa.ChangeInterface:
			walk(v.X, deep, fr)
		case *ssa.ChangeType:
			walk(v.X, deep, fr)
		case *ssa.TypeAssert:
			if types.IsInterface(v.AssertedType) {
				walk(v.X, deep, fr)
			} else {
				out = append(out, origin{kind: typed, typ: v.AssertedType, deep: deep})
			}
		case *ssa.Extract:
			if call, ok := v.Tuple.(*ssa.Call); ok {
				result(call, v.Index, deep, fr)
			} else {
				walk(v.Tuple, deep, fr)
			}
		case *ssa.Phi:
			for _, e := range v.Edges {
				walk(e, deep, fr)
			}
		case *ssa.Parameter:
			if v.Parent().Parent() != nil {
				unknownf("a parameter of a function literal")
				return
			}
			out = append(out, origin{kind: fromParam, param: v, deep: deep})
		case *ssa.FreeVar:
			bound := bindings(v)
			if bound == nil {
				unknownf("a captured variable")
			}
			for _, b := range bound {
				walk(b, deep, fr)
			}
		case *ssa.UnOp:
			if v.Op != token.MUL {
				unknownf("a value computed by %s", v.Op)
				return
			}
			stored, ok := storesTo(v.X)
			if !ok {
				unknownf("a value loaded from memory (a field, a global, an element or an escaping variable)")
				return
			}
			for _, s := range stored {
				walk(s, deep, fr)
			}
		case *ssa.Call:
			result(v, 0, deep, fr)
		case *ssa.Lookup, *ssa.Index:
			unknownf("an element of a map, slice or array")
		case *ssa.Field:
			unknownf("a field of a struct")
		case *ssa.Global:
			unknownf("a package-level variable")
		default:
			unknownf("a value of type %s", r.c.typeString(t))
		}
	}
	walk(v, deep, nil)
	return out
}

// valueNavigation are the reflect.Value methods that reach a component of
// the value (deep), or the same value seen otherwise (not deep).
var valueNavigation = map[string]bool{
	"Elem": true, "Field": true, "FieldByName": true, "FieldByNameFunc": true, "FieldByIndex": true,
	"FieldByIndexErr": true, "Index": true, "MapIndex": true, "MapKeys": true, "Slice": true, "Slice3": true,
	"Recv": true, "TryRecv": true, "Addr": true, "Convert": false, "Type": false, "Interface": false,
}

// typeNavigation are the reflect.Type methods that reach a component type.
var typeNavigation = map[string]bool{"Elem": true, "Key": true, "In": true, "Out": true, "Field": true, "FieldByName": true, "FieldByIndex": true, "FieldByNameFunc": true}

func (r *reflectChecker) traceCall(v *ssa.Call, deep bool, walk func(ssa.Value, bool), emit func(origin), unknownf func(string, ...any)) {
	com := v.Common()
	if com.IsInvoke() {
		if isReflect(com.Value.Type(), "Type") {
			if d, ok := typeNavigation[com.Method.Name()]; ok {
				walk(com.Value, deep || d)
				return
			}
		}
		unknownf("the result of a call of %s through an interface", com.Method.Name())
		return
	}
	callee := com.StaticCallee()
	if callee == nil {
		unknownf("the result of a call of a function value")
		return
	}
	obj, _ := callee.Object().(*types.Func)
	if obj == nil || obj.Pkg() == nil || obj.Pkg().Path() != "reflect" {
		unknownf("the result of %s", calleeName(callee))
		return
	}
	recv := obj.Type().(*types.Signature).Recv()
	switch {
	case recv == nil && (obj.Name() == "ValueOf" || obj.Name() == "TypeOf") && len(com.Args) == 1:
		walk(com.Args[0], deep)
	case recv == nil && obj.Name() == "Indirect" && len(com.Args) == 1:
		walk(com.Args[0], true)
	case recv == nil && (obj.Name() == "New" || obj.Name() == "Zero" || obj.Name() == "PointerTo" || obj.Name() == "PtrTo") && len(com.Args) == 1:
		walk(com.Args[0], true)
	case recv == nil && obj.Name() == "TypeFor" && len(callee.TypeArgs()) == 1:
		t := callee.TypeArgs()[0]
		if isTypeParam(t) {
			unknownf("reflect.TypeFor of type parameter %s", t)
			return
		}
		emit(origin{kind: typed, typ: t, deep: deep})
	case recv != nil && isReflect(recv.Type(), "Value"):
		if d, ok := valueNavigation[obj.Name()]; ok && len(com.Args) > 0 {
			walk(com.Args[0], deep || d)
			return
		}
		unknownf("the result of reflect.Value.%s", obj.Name())
	default:
		unknownf("the result of reflect.%s", obj.Name())
	}
}

// bindings returns the values a closure's free variable is bound to at
// its MakeClosure instructions, or nil when they cannot all be found.
func bindings(fv *ssa.FreeVar) []ssa.Value {
	fn := fv.Parent()
	idx := -1
	for i, f := range fn.FreeVars {
		if f == fv {
			idx = i
		}
	}
	if idx < 0 || fn.Parent() == nil {
		return nil
	}
	var out []ssa.Value
	for _, b := range fn.Parent().Blocks {
		for _, instr := range b.Instrs {
			if mc, ok := instr.(*ssa.MakeClosure); ok && mc.Fn == fn && idx < len(mc.Bindings) {
				out = append(out, mc.Bindings[idx])
			}
		}
	}
	return out
}

// storesTo returns the values stored to addr, a local variable (or one
// captured by closures, followed into them); false when addr is not a
// local variable or its address escapes, so other stores may exist.
func storesTo(addr ssa.Value) ([]ssa.Value, bool) {
	var out []ssa.Value
	seen := map[ssa.Value]bool{}
	var visit func(a ssa.Value) bool
	visit = func(a ssa.Value) bool {
		if seen[a] {
			return true
		}
		seen[a] = true
		switch a := a.(type) {
		case *ssa.Alloc:
		case *ssa.FreeVar:
			bound := bindings(a)
			if bound == nil {
				return false
			}
			for _, b := range bound {
				if !visit(b) {
					return false
				}
			}
		default:
			return false
		}
		for _, ref := range *a.Referrers() {
			switch ref := ref.(type) {
			case *ssa.Store:
				if ref.Addr != a {
					return false // the address itself is stored: it escapes
				}
				out = append(out, ref.Val)
			case *ssa.UnOp:
				if ref.Op != token.MUL {
					return false
				}
			case *ssa.DebugRef:
			case *ssa.MakeClosure:
				for i, b := range ref.Bindings {
					if b == a {
						fv := ref.Fn.(*ssa.Function).FreeVars[i]
						if !visit(fv) {
							return false
						}
					}
				}
			default:
				return false
			}
		}
		return true
	}
	if !visit(addr) {
		return nil, false
	}
	return out, true
}

// mayHoldSink reports whether a value of type t can be a sink (deep: or
// have a component that can be one): t has a sink method, or is an
// interface (after a navigation) or a type parameter.
func (c *checker) mayHoldSink(t types.Type, deep bool) bool {
	if !deep {
		return c.hasSinkMethod(t) || isTypeParam(t)
	}
	seen := map[types.Type]bool{}
	var walk func(t types.Type, depth int) bool
	walk = func(t types.Type, depth int) bool {
		t = types.Unalias(t)
		if seen[t] || depth > 32 {
			return false
		}
		seen[t] = true
		if c.hasSinkMethod(t) || isTypeParam(t) {
			return true
		}
		switch u := t.Underlying().(type) {
		case *types.Interface:
			return true // it may hold anything
		case *types.Pointer:
			return walk(u.Elem(), depth+1)
		case *types.Slice:
			return walk(u.Elem(), depth+1)
		case *types.Array:
			return walk(u.Elem(), depth+1)
		case *types.Chan:
			return walk(u.Elem(), depth+1)
		case *types.Map:
			return walk(u.Key(), depth+1) || walk(u.Elem(), depth+1)
		case *types.Struct:
			for i := 0; i < u.NumFields(); i++ {
				if walk(u.Field(i).Type(), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(t, 0)
}

// hasSinkMethod reports whether the method set of t, or of *t, has a
// method that may be a sink method.
func (c *checker) hasSinkMethod(t types.Type) bool {
	if tp, ok := types.Unalias(t).(*types.TypeParam); ok {
		t = tp.Constraint()
	}
	sets := []types.Type{t}
	if _, isPtr := t.Underlying().(*types.Pointer); !isPtr && !types.IsInterface(t) {
		sets = append(sets, types.NewPointer(t))
	}
	for _, st := range sets {
		ms := types.NewMethodSet(st)
		for i := 0; i < ms.Len(); i++ {
			if m, _ := ms.At(i).Obj().(*types.Func); c.maySink(m) {
				return true
			}
		}
	}
	return false
}

func (c *checker) typeString(t types.Type) string {
	return types.TypeString(t, func(p *types.Package) string { return p.Name() })
}
