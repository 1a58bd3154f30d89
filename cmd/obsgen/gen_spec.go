package main

import (
	. "github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

// Import paths of the runtime packages generated code refers to.
const (
	runtimeModule = "github.com/genolewm/obs"
	genimplPkg    = runtimeModule + "/runtime/genimpl"
	observePkg    = runtimeModule + "/runtime/observe"
	schemaPkg     = runtimeModule + "/runtime/internal/schema"
	metricPkg     = runtimeModule + "/runtime/internal/metric"
)

// specNames says how a Spec literal names its types and constants: a
// module's generated code goes through genimpl (the only runtime package
// it may import for this), the runtime's own core copy through the
// internal packages (genimpl imports it, so it cannot import genimpl).
type specNames struct {
	schema, metric string // qualifiers of the schema and metric vocabulary
	desc, label    string // names of metric.Desc and metric.Label there
}

var (
	moduleNames = specNames{schema: genimplPkg, metric: genimplPkg, desc: "MetricDesc", label: "Label"}
	coreNames   = specNames{schema: schemaPkg, metric: metricPkg, desc: "Desc", label: "Label"}
)

var kindConst = map[registry.Shape]map[registry.Scalar]string{
	registry.ScalarShape: {registry.Int: "Int", registry.Float: "Float", registry.String: "String", registry.Bool: "Bool"},
	registry.ListShape:   {registry.Int: "IntList", registry.Float: "FloatList", registry.String: "StringList", registry.Bool: "BoolList"},
	registry.MapShape:    {registry.Int: "IntMap", registry.Float: "FloatMap", registry.String: "StringMap", registry.Bool: "BoolMap"},
}

var metricKindConst = map[string]string{"counter": "CounterKind", "gauge": "GaugeKind", "histogram": "HistogramKind"}

// wandbConst names the runtime's W&B role of a registry role.
var wandbConst = map[string]string{registry.WandBHistory: "WandBHistory", registry.WandBSummary: "WandBSummary", registry.WandBConfig: "WandBConfig"}

// specFunc emits `func spec() *Spec { return &Spec{...} }`: the whole
// registry as plain data, built afresh on each call so that nothing the
// runtime compiles from is shared or reachable afterwards.
func specFunc(f *File, r *registry.Registry, n specNames) {
	var codes []Code
	for _, c := range r.ErrorCodes {
		codes = append(codes, Lit(c.Code))
	}
	var deny []Code
	for _, k := range r.DenyKeys {
		deny = append(deny, Lit(k.Value))
	}
	var events []Code
	for _, ev := range r.Events {
		events = append(events, eventSpec(r, ev, n))
	}
	var metrics []Code
	for _, m := range r.Metrics {
		metrics = append(metrics, metricSpec(m, n))
	}
	spec := Dict{
		Id("Version"):     Lit(r.Version),
		Id("CoreVersion"): Lit(r.CoreVersion),
		Id("Codes"):       Index().String().Values(listLines(codes)...),
		Id("DenyKeys"):    Index().String().Values(listLines(deny)...),
		Id("Events"):      Index().Qual(n.schema, "EventSpec").Values(listLines(events)...),
		Id("Metrics"):     Index().Qual(n.metric, n.desc).Values(listLines(metrics)...),
	}
	f.Comment("spec is the registry as plain data, for the runtime to compile and seal.")
	f.Func().Id("spec").Params().Op("*").Qual(n.schema, "Spec").Block(
		Return(Op("&").Qual(n.schema, "Spec").Values(spec)),
	)
}

func eventSpec(r *registry.Registry, ev *registry.Event, n specNames) Code {
	var fields []Code
	for _, fd := range ev.Fields {
		d := Dict{
			Id("Name"): Lit(fd.Name),
			Id("Kind"): Qual(n.schema, kindConst[fd.T.Shape][fd.T.Elem]),
		}
		if fd.Unit != "" {
			d[Id("Unit")] = Lit(fd.Unit)
		}
		if fd.Required {
			d[Id("Required")] = True()
		}
		if len(fd.Values) > 0 {
			var vs []Code
			for _, v := range fd.Values {
				vs = append(vs, Lit(v.Value))
			}
			d[Id("Values")] = Index().String().Values(vs...)
		}
		fields = append(fields, Values(d))
	}
	d := Dict{
		Id("Name"):     Lit(ev.Name),
		Id("Severity"): Qual(n.schema, goName(ev.Severity)),
	}
	if len(fields) > 0 {
		d[Id("Fields")] = Index().Qual(n.schema, "Field").Values(listLines(fields)...)
	}
	if s := ev.Sampling; s != nil {
		if s.Every != "" {
			d[Id("Sampling")] = Qual(n.schema, "EveryLogEvery")
		} else {
			d[Id("Sampling")] = Qual(n.schema, "OneIn")
			d[Id("OneIn")] = Lit(s.OneIn)
		}
	}
	if w := ev.WandB; w != nil {
		d[Id("WandB")] = Qual(n.schema, wandbConst[w.As])
		var fs []Code
		for _, f := range w.Fields {
			fs = append(fs, Lit(f.Value))
		}
		d[Id("WandBFields")] = Index().String().Values(fs...)
		if w.Key != "" {
			d[Id("WandBKey")] = Lit(w.Key)
		}
	}
	if len(ev.ErrorCodes) > 0 {
		var cs []Code
		for _, c := range ev.ErrorCodes {
			cs = append(cs, Lit(codeIndex(r, c.Value)))
		}
		d[Id("Codes")] = Index().Qual(n.schema, "ErrorCode").Values(cs...)
	}
	return Values(d)
}

// codeIndex is the ErrorCode of the code called name: its position in the
// merged registry, from 1.
func codeIndex(r *registry.Registry, name string) int {
	for i, c := range r.ErrorCodes {
		if c.Code == name {
			return i + 1
		}
	}
	return 0
}

func metricSpec(m *registry.Metric, n specNames) Code {
	var labels []Code
	for _, l := range m.Labels {
		var vals []Code
		for _, v := range l.Resolved {
			vals = append(vals, Lit(v))
		}
		labels = append(labels, Values(Dict{Id("Name"): Lit(l.Name), Id("Values"): Index().String().Values(vals...)}))
	}
	d := Dict{
		Id("Name"):     Lit(m.Name),
		Id("PromName"): Lit(m.PromName),
		Id("Help"):     Lit(m.Description),
		Id("Kind"):     Qual(n.metric, metricKindConst[m.Kind]),
		Id("Unit"):     Lit(m.Unit),
		Id("UCUM"):     Lit(m.U.UCUM),
		Id("Divisor"):  Lit(m.U.Divisor),
	}
	if len(m.Buckets) > 0 {
		var bs []Code
		for _, b := range m.Buckets {
			bs = append(bs, Lit(b))
		}
		d[Id("Buckets")] = Index().Float64().Values(bs...)
	}
	if len(labels) > 0 {
		d[Id("Labels")] = Index().Qual(n.metric, n.label).Values(listLines(labels)...)
	}
	if m.Deprecated != nil {
		d[Id("Deprecated")] = Lit(deprecatedNote(m.Deprecated))
	}
	if m.WandB != "" {
		d[Id("WandB")] = Qual(n.metric, wandbConst[m.WandB])
	}
	return Values(d)
}
