package main

import (
	"fmt"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

const (
	eventspecPkg = "github.com/genolewm/obs/runtime/eventspec"
	redactPkg    = "github.com/genolewm/obs/runtime/redact"
	obslogPkg    = "github.com/genolewm/obs/runtime/obslog"
	obsmetricPkg = "github.com/genolewm/obs/runtime/obsmetrics"
)

var kindConst = map[registry.Shape]map[registry.Scalar]string{
	registry.ScalarShape: {registry.Int: "Int", registry.Float: "Float", registry.String: "String", registry.Bool: "Bool"},
	registry.ListShape:   {registry.Int: "IntList", registry.Float: "FloatList", registry.String: "StringList", registry.Bool: "BoolList"},
	registry.MapShape:    {registry.Int: "IntMap", registry.Float: "FloatMap", registry.String: "StringMap", registry.Bool: "BoolMap"},
}

func scalarGoType(s registry.Scalar) *Statement {
	switch s {
	case registry.Int:
		return Int64()
	case registry.Float:
		return Float64()
	case registry.String:
		return String()
	}
	return Bool()
}

func fieldGoType(t registry.FieldType) *Statement {
	switch t.Shape {
	case registry.ListShape:
		return Index().Add(scalarGoType(t.Elem))
	case registry.MapShape:
		return Map(String()).Add(scalarGoType(t.Elem))
	}
	return scalarGoType(t.Elem)
}

// genEvents emits package events: the typed event structs, the EVENTS
// table, the allowlists and the error codes.
func genEvents(r *registry.Registry) (*File, error) {
	f := NewFile("events")
	f.HeaderComment(header(r.EventsFile()))
	f.PackageComment("Package events is the typed API of every registered log event, generated")
	f.PackageComment("from " + r.EventsFile() + ". Each event is a struct whose fields are exactly")
	f.PackageComment("the event's allowlisted data keys, with their registered types; its Log")
	f.PackageComment("method sends it through the logger's redaction filter at the event's")
	f.PackageComment("registered severity. Table is the registry (the spec's EVENTS).")

	// Error codes.
	f.Comment("ErrorCode is a registered error code, carried in error_code by error records.")
	f.Type().Id("ErrorCode").Op("=").Qual(eventspecPkg, "ErrorCode")
	var codes []Code
	for i, c := range r.ErrorCodes {
		doc := fmt.Sprintf("%s is %s: %s", codeGoName(c.Code), c.Code, c.Description)
		codes = append(codes, Comment(doc))
		if c.Deprecated != nil {
			codes = append(codes, Comment(""), Comment(deprecatedNote(c.Deprecated)))
		}
		codes = append(codes, Id(codeGoName(c.Code)).Qual(eventspecPkg, "ErrorCode").Op("=").Lit(i+1))
	}
	f.Const().Defs(codes...)

	// Event IDs.
	var ids []Code
	for i, ev := range r.Events {
		ids = append(ids, Id("ID"+goName(ev.Name)).Qual(eventspecPkg, "EventID").Op("=").Lit(i))
	}
	f.Comment("Event IDs: each event's index in Table.Events.")
	f.Const().Defs(ids...)

	seen := map[string]string{}
	for _, ev := range r.Events {
		name := goName(ev.Name)
		if other, dup := seen[name]; dup {
			return nil, fmt.Errorf("%s: events %q and %q both become Go name %s; rename one", ev.Pos, other, ev.Name, name)
		}
		seen[name] = ev.Name
		if err := genEvent(f, r, ev); err != nil {
			return nil, err
		}
	}

	// The table.
	var evs []Code
	for _, ev := range r.Events {
		evs = append(evs, Op("&").Id("spec"+goName(ev.Name)))
	}
	var codeNames []Code
	codeNames = append(codeNames, Lit(""))
	for _, c := range r.ErrorCodes {
		codeNames = append(codeNames, Lit(c.Code))
	}
	var deny []Code
	for _, k := range r.DenyKeys {
		deny = append(deny, Lit(k.Value))
	}
	f.Comment("Table is the event registry (the spec's EVENTS): every event with its")
	f.Comment("severity, sampling rule, key allowlist and error codes, the error code")
	f.Comment("names and the personal-data deny list. The logger enforces it at run time.")
	f.Var().Id("Table").Op("=").Op("&").Qual(eventspecPkg, "Table").Values(Dict{
		Id("Version"):   Lit(r.Version),
		Id("Events"):    Index().Op("*").Qual(eventspecPkg, "Event").Values(listLines(evs)...),
		Id("CodeNames"): Index().String().Values(listLines(codeNames)...),
		Id("DenyKeys"):  Index().String().Values(listLines(deny)...),
	})
	return f, nil
}

// listLines puts each element of a composite literal on its own line.
func listLines(items []Code) []Code {
	out := make([]Code, 0, len(items)+1)
	for _, it := range items {
		out = append(out, Line().Add(it))
	}
	return append(out, Line())
}

func genEvent(f *File, r *registry.Registry, ev *registry.Event) error {
	name := goName(ev.Name)
	isError := ev.Severity == "error"

	// Descriptor.
	var fields []Code
	for _, fd := range ev.Fields {
		d := Dict{
			Id("Name"): Lit(fd.Name),
			Id("Kind"): Qual(eventspecPkg, kindConst[fd.T.Shape][fd.T.Elem]),
		}
		if fd.Unit != "" {
			d[Id("Unit")] = Lit(fd.Unit)
		}
		if fd.Required {
			d[Id("Required")] = True()
		}
		fields = append(fields, Values(d))
	}
	spec := Dict{
		Id("ID"):       Id("ID" + name),
		Id("Name"):     Lit(ev.Name),
		Id("Severity"): Qual(eventspecPkg, goName(ev.Severity)),
		Id("Fields"):   Index().Qual(eventspecPkg, "Field").Values(listLines(fields)...),
	}
	if s := ev.Sampling; s != nil {
		if s.Every != "" {
			spec[Id("Sampling")] = Qual(eventspecPkg, "EveryLogEvery")
		} else {
			spec[Id("Sampling")] = Qual(eventspecPkg, "OneIn")
			spec[Id("OneIn")] = Lit(s.OneIn)
		}
	}
	if isError {
		var cs []Code
		for _, c := range ev.ErrorCodes {
			cs = append(cs, Id(codeGoName(c.Value)))
		}
		spec[Id("Codes")] = Index().Qual(eventspecPkg, "ErrorCode").Values(cs...)
	}
	f.Var().Id("spec"+name).Op("=").Qual(eventspecPkg, "Event").Values(spec)

	// Struct.
	doc := []string{fmt.Sprintf("%s is the %s event (%s): %s", name, ev.Name, ev.Severity, ev.Description)}
	switch {
	case ev.Sampling != nil && ev.Sampling.Every != "":
		doc = append(doc, "", "Sampled: one record every log_every steps, decided by the logger's step.")
	case ev.Sampling != nil:
		doc = append(doc, "", fmt.Sprintf("Sampled: one record in %d.", ev.Sampling.OneIn))
	}
	if isError {
		var cs []string
		for _, c := range ev.ErrorCodes {
			cs = append(cs, codeGoName(c.Value))
		}
		doc = append(doc, "", "ErrorCode must be one of "+strings.Join(cs, ", ")+".")
	}
	if ev.Deprecated != nil {
		doc = append(doc, "", deprecatedNote(ev.Deprecated))
	}
	for _, line := range doc {
		f.Comment(line)
	}
	var members []Code
	if isError {
		members = append(members, Comment("ErrorCode goes to the record's top-level error_code."), Id("ErrorCode").Qual(eventspecPkg, "ErrorCode"))
	}
	for _, fd := range ev.Fields {
		fdoc := fmt.Sprintf("%s is %s: %s", goName(fd.Name), fd.Name, fd.Description)
		if fd.Unit != "" {
			fdoc += " Unit: " + fd.Unit + "."
		}
		if fd.Required {
			fdoc += " Required."
		}
		members = append(members, Comment(fdoc))
		if fd.Deprecated != nil {
			members = append(members, Comment(""), Comment(deprecatedNote(fd.Deprecated)))
		}
		members = append(members, Id(goName(fd.Name)).Add(fieldGoType(fd.T)))
	}
	f.Type().Id(name).Struct(members...)

	// Log method.
	code := Lit(0)
	if isError {
		code = Id("e").Dot("ErrorCode")
	}
	body := []Code{
		Id("w").Op(":=").Id("l").Dot("Begin").Call(Id("ctx"), Op("&").Id("spec"+name), code),
		If(Id("w").Op("==").Nil()).Block(Return(Nil())),
	}
	for i, fd := range ev.Fields {
		call := Id("w").Dot(kindConst[fd.T.Shape][fd.T.Elem]).Call(Lit(i), Id("e").Dot(goName(fd.Name)))
		switch {
		case fd.Required:
			body = append(body, call)
		case fd.T.Shape != registry.ScalarShape:
			// Optional lists and maps are left out when empty.
			body = append(body, If(Len(Id("e").Dot(goName(fd.Name))).Op(">").Lit(0)).Block(call))
		case fd.T.Elem == registry.String:
			// Optional strings are left out when empty; numbers and
			// booleans are always written, zero being a real value.
			body = append(body, If(Id("e").Dot(goName(fd.Name)).Op("!=").Lit("")).Block(call))
		default:
			body = append(body, call)
		}
	}
	body = append(body, Return(Id("l").Dot("Commit").Call(Id("ctx"), Id("w"))))
	f.Comment(fmt.Sprintf("Log writes the event through l's redaction filter at severity %s. It", ev.Severity))
	f.Comment("returns a *redact.InvariantViolation when strict redaction rejects the record.")
	f.Comment("Below the threshold it costs one inlined compare.")
	f.Func().Params(Id("e").Id(name)).Id("Log").Params(
		Id("ctx").Qual("context", "Context"), Id("l").Qual(obslogPkg, "Logger"),
	).Error().Block(
		If(Op("!").Id("l").Dot("Allows").Call(Qual(eventspecPkg, goName(ev.Severity)))).Block(Return(Nil())),
		Return(Id("e").Dot("log").Call(Id("ctx"), Id("l"))),
	)
	f.Func().Params(Id("e").Id(name)).Id("log").Params(
		Id("ctx").Qual("context", "Context"), Id("l").Qual(obslogPkg, "Logger"),
	).Error().Block(body...)

	// Spec accessor, for tools and tests.
	f.Comment("Spec returns the event's registered descriptor.")
	f.Func().Params(Id(name)).Id("Spec").Params().Op("*").Qual(eventspecPkg, "Event").Block(Return(Op("&").Id("spec" + name)))
	return nil
}

func deprecatedNote(d *registry.Deprecation) string {
	s := "Deprecated: " + strings.TrimSuffix(d.Reason, ".") + "."
	if d.Replacement != "" {
		s += " Use " + d.Replacement + " instead."
	}
	return s
}

func header(src string) string {
	return "Code generated by obsgen from " + src + ". DO NOT EDIT."
}
