package main

import (
	"fmt"
	"path"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// genMeters emits the meters package: a typed handle for every metric,
// with the methods of its kind and typed label parameters, each bound to
// its family in the compiled registry of the events package.
func genMeters(r *registry.Registry, l layout) (*File, error) {
	f := NewFile(path.Base(l.MetersImport))
	f.HeaderComment(header(l.MetricsSource))
	f.PackageComment("Package " + path.Base(l.MetersImport) + " holds a typed handle for every registered metric, generated")
	f.PackageComment("from " + l.MetricsSource + " (and the runtime's core registry, merged in).")
	f.PackageComment("Handles have only the methods of their kind; labelled metrics take typed")
	f.PackageComment("label values from the registry's bounded sets. The families live in the")
	f.PackageComment("compiled registry (" + path.Base(l.EventsImport) + ".Registry), which the exporters read.")

	genHandleTypes(f)

	seen := map[string]string{"Counter": "a handle type", "Gauge": "a handle type", "Histogram": "a handle type"}
	for i, m := range r.Metrics {
		name := metricGoName(m.Name)
		if other, dup := seen[name]; dup {
			return nil, fmt.Errorf("%s: metrics %q and %q both become Go name %s; rename one", m.Pos, other, m.Name, name)
		}
		seen[name] = m.Name
		genMetric(f, m, name, i, l)
	}
	return f, nil
}

// genHandleTypes emits Counter, Gauge and Histogram, the handle types of
// unlabelled metrics. They wrap the runtime's series instead of exposing
// it so that their methods are declared in package meters: the compiler
// inlines a method only when its body is in the export data of a package
// the caller imports, and callers import meters. With a bare series
// pointer, Gauge.Set was a call at every call site.
func genHandleTypes(f *File) {
	type method struct {
		name, doc string
		params    []Code
		results   []Code
		args      []Code
	}
	v := func() []Code { return []Code{Id("v").Float64()} }
	kinds := []struct {
		name, doc string
		methods   []method
	}{
		{"Counter", "Counter is the handle of an unlabelled counter.", []method{
			{"Inc", "Inc adds one.", nil, nil, nil},
			{"Add", "Add adds n.", []Code{Id("n").Uint64()}, nil, []Code{Id("n")}},
			{"Value", "Value returns the current count.", nil, []Code{Uint64()}, nil},
		}},
		{"Gauge", "Gauge is the handle of an unlabelled gauge.", []method{
			{"Set", "Set sets the gauge to v, in the metric's unit.", v(), nil, []Code{Id("v")}},
			{"SetMax", "SetMax raises the gauge to v if v is larger (for peaks).", v(), nil, []Code{Id("v")}},
			{"Value", "Value returns the current value.", nil, []Code{Float64()}, nil},
		}},
		{"Histogram", "Histogram is the handle of an unlabelled histogram.", []method{
			{"Observe", "Observe records v, in the metric's unit; NaN, infinities and negative values are refused and counted (geno_lewm.observability.dropped{reason=\"observation\"}).", v(), nil, []Code{Id("v")}},
			{"Snapshot", "Snapshot returns the per-bucket counts (+Inf last), the count and the sum.", nil, []Code{Id("buckets").Index().Uint64(), Id("count").Uint64(), Id("sum").Float64()}, nil},
			{"Upper", "Upper returns the bucket upper bounds, in the metric's unit.", nil, []Code{Index().Float64()}, nil},
			{"NaNs", "NaNs returns how many NaN observations were refused.", nil, []Code{Uint64()}, nil},
		}},
	}
	for _, k := range kinds {
		f.Comment(k.doc)
		f.Type().Id(k.name).Struct(Id("s").Op("*").Qual(genimplPkg, k.name))
		for _, m := range k.methods {
			call := Id("h").Dot("s").Dot(m.name).Call(m.args...)
			body := call
			if len(m.results) > 0 {
				body = Return(call)
			}
			f.Comment(m.doc)
			f.Func().Params(Id("h").Id(k.name)).Id(m.name).Params(m.params...).Params(m.results...).Block(body)
		}
	}
}

// labelParam is how one label appears in a typed method.
type labelParam struct {
	arg   string     // parameter name
	typ   *Statement // parameter type
	index *Statement // expression giving the value's index in the set
	n     int        // size of the set
}

func genMetric(f *File, m *registry.Metric, name string, famIndex int, l layout) {
	reg := Qual(l.EventsImport, "Registry").Call()
	doc := []string{
		fmt.Sprintf("%s is %s (%s, %s): %s.", name, m.Name, m.Kind, m.Unit, strings.TrimSuffix(m.Description, ".")),
		"",
		"Prometheus: " + m.PromName + promScaleNote(m) + ".",
	}
	if m.Deprecated != nil {
		doc = append(doc, "", deprecatedNote(m.Deprecated))
	}

	kindType := map[string]string{"counter": "Counter", "gauge": "Gauge", "histogram": "Histogram"}[m.Kind]
	if len(m.Labels) == 0 {
		for _, line := range doc {
			f.Comment(line)
		}
		f.Var().Id(name).Op("=").Id(kindType).Values(Qual(genimplPkg, kindType+"sOf").Call(reg, Lit(famIndex)).Dot("At").Call(Lit(0)))
		return
	}

	// Labelled: a label type per enumerated label, a handle type whose
	// methods take typed label values.
	var params []labelParam
	for _, lb := range m.Labels {
		arg := lowerFirst(goName(lb.Name))
		switch lb.ValuesFrom {
		case "events":
			params = append(params, labelParam{arg, Qual(genimplPkg, "EventID"), Int().Parens(Id(arg)), len(lb.Resolved)})
		case "error_codes":
			params = append(params, labelParam{arg, Qual(genimplPkg, "ErrorCode"), Int().Parens(Id(arg)).Op("-").Lit(1), len(lb.Resolved)})
		default:
			tn := name + goName(lb.Name)
			genLabelType(f, m, lb, tn)
			params = append(params, labelParam{arg, Id(tn), Int().Parens(Id(arg)), len(lb.Resolved)})
		}
	}
	handle := name + kindType
	f.Comment(fmt.Sprintf("%s is the handle type of %s.", handle, m.Name))
	if m.Deprecated != nil {
		// Deprecate the type too, so that code naming it is flagged.
		f.Comment("")
		f.Comment(deprecatedNote(m.Deprecated))
	}
	// The handle holds the family's series set by value, so that picking
	// a series is one load, not two dependent ones.
	f.Type().Id(handle).Struct(Id("s").Qual(genimplPkg, kindType+"Set"))
	for _, line := range doc {
		f.Comment(line)
	}
	f.Var().Id(name).Op("=").Id(handle).Values(Qual(genimplPkg, kindType+"sOf").Call(reg, Lit(famIndex)))

	var sig []Code
	var args []Code
	for _, p := range params {
		sig = append(sig, Id(p.arg).Add(p.typ))
		args = append(args, Id(p.arg))
	}
	var index *Statement
	switch len(params) {
	case 1:
		index = params[0].index
	case 2:
		index = Qual(genimplPkg, "Index2").Call(params[0].index, Lit(params[0].n), params[1].index, Lit(params[1].n))
	default:
		var a []Code
		for _, p := range params[:3] {
			a = append(a, p.index, Lit(p.n))
		}
		index = Qual(genimplPkg, "Index3").Call(a...)
	}
	f.Comment("With returns the series for the label values; cache it on hot paths. A")
	f.Comment("value outside its registered set gives a series that discards updates")
	f.Comment("and counts them as dropped.")
	f.Func().Params(Id("m").Id(handle)).Id("With").Params(sig...).Op("*").Qual(genimplPkg, kindType).Block(
		Return(Id("m").Dot("s").Dot("At").Call(index)),
	)
	with := Id("m").Dot("With").Call(args...)
	switch m.Kind {
	case "counter":
		f.Comment("Inc adds one to the series of the label values.")
		f.Func().Params(Id("m").Id(handle)).Id("Inc").Params(sig...).Block(with.Clone().Dot("Inc").Call())
		f.Comment("Add adds n to the series of the label values.")
		f.Func().Params(Id("m").Id(handle)).Id("Add").Params(append(sig, Id("n").Uint64())...).Block(with.Clone().Dot("Add").Call(Id("n")))
	case "gauge":
		f.Comment("Set sets the series of the label values to v (" + m.Unit + ").")
		f.Func().Params(Id("m").Id(handle)).Id("Set").Params(append(sig, Id("v").Float64())...).Block(with.Clone().Dot("Set").Call(Id("v")))
	case "histogram":
		f.Comment("Observe records v (" + m.Unit + ") in the series of the label values.")
		f.Func().Params(Id("m").Id(handle)).Id("Observe").Params(append(sig, Id("v").Float64())...).Block(with.Clone().Dot("Observe").Call(Id("v")))
	}
}

func genLabelType(f *File, m *registry.Metric, l *registry.Label, tn string) {
	f.Comment(fmt.Sprintf("%s is a value of label %s of %s: %s", tn, l.Name, m.Name, l.Description))
	f.Type().Id(tn).Uint16()
	var consts []Code
	for i, v := range l.Resolved {
		c := Id(tn + goName(v))
		if i == 0 {
			c.Id(tn).Op("=").Iota()
		}
		consts = append(consts, c)
	}
	f.Const().Defs(consts...)
	var names []Code
	for _, v := range l.Resolved {
		names = append(names, Lit(v))
	}
	f.Var().Id(lowerFirst(tn) + "Names").Op("=").Index().String().Values(names...)
	f.Comment("String returns the label value as exported.")
	f.Func().Params(Id("v").Id(tn)).Id("String").Params().String().Block(
		If(Int().Parens(Id("v")).Op("<").Len(Id(lowerFirst(tn)+"Names"))).Block(Return(Id(lowerFirst(tn)+"Names").Index(Id("v")))),
		Return(Lit("")),
	)
}

func promScaleNote(m *registry.Metric) string {
	if m.U.Divisor != 1 {
		return fmt.Sprintf(" (recorded in %s, exposed in %s)", m.Unit, m.U.Suffix)
	}
	return ""
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	// Keep initialisms readable: ID -> id.
	i := 1
	for i < len(s) && s[i] >= 'A' && s[i] <= 'Z' && (i+1 == len(s) || s[i+1] >= 'A' && s[i+1] <= 'Z') {
		i++
	}
	return strings.ToLower(s[:i]) + s[i:]
}
