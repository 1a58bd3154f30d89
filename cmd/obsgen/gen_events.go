package main

import (
	"fmt"
	"path"
	"strings"

	. "github.com/dave/jennifer/jen"

	"github.com/genolewm/obs/registry"
)

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

// genEvents emits the events package: the typed event structs, the error
// codes, the compiled registry (Registry) and the registry's names for the
// linters.
func genEvents(r *registry.Registry, l layout) (*File, error) {
	f := NewFile(path.Base(l.EventsImport))
	f.HeaderComment(header(l.EventsSource))
	f.PackageComment("Package " + path.Base(l.EventsImport) + " is the typed API of every registered log event, generated")
	f.PackageComment("from " + l.EventsSource + " (and the runtime's core registry, merged in).")
	f.PackageComment("Each event is a struct whose fields are exactly the event's allowlisted")
	f.PackageComment("data keys, with their registered types; its Log method sends it through")
	f.PackageComment("the logger's redaction filter at the event's registered severity.")
	f.PackageComment("Registry is the compiled registry (the spec's EVENTS and METRICS): pass")
	f.PackageComment("it to observe.Start.")

	// Error codes.
	f.Comment("ErrorCode is a registered error code, carried in error_code by error records.")
	f.Type().Id("ErrorCode").Op("=").Qual(genimplPkg, "ErrorCode")
	var codes []Code
	for i, c := range r.ErrorCodes {
		doc := fmt.Sprintf("%s is %s: %s", codeGoName(c.Code), c.Code, c.Description)
		codes = append(codes, Comment(doc))
		if c.Deprecated != nil {
			codes = append(codes, Comment(""), Comment(deprecatedNote(c.Deprecated)))
		}
		codes = append(codes, Id(codeGoName(c.Code)).Id("ErrorCode").Op("=").Lit(i+1))
	}
	f.Const().Defs(codes...)

	// Event IDs.
	f.Comment("EventID is an event's index in the registry; it labels the redacted_keys metric.")
	f.Type().Id("EventID").Op("=").Qual(genimplPkg, "EventID")
	var ids []Code
	for i, ev := range r.Events {
		ids = append(ids, Id("ID"+goName(ev.Name)).Id("EventID").Op("=").Lit(i))
	}
	f.Comment("Event IDs, in registry order.")
	f.Const().Defs(ids...)

	// The compiled registry and the events' handles into it.
	f.Comment("Registry returns the compiled, sealed registry: every event with its severity,")
	f.Comment("sampling rule, key allowlist and error codes, the error code names, the")
	f.Comment("personal-data deny list and every metric family. Pass it to observe.Start.")
	f.Func().Id("Registry").Params().Op("*").Qual(observePkg, "Registry").Block(Return(Id("registry")))
	f.Var().Id("registry").Op("=").Qual(genimplPkg, "NewRegistry").Call(Id("spec").Call())
	var evs []Code
	seen := map[string]string{"Registry": "the registry accessor", "ErrorCode": "a type", "EventID": "a type"}
	for _, ev := range r.Events {
		name := goName(ev.Name)
		if other, dup := seen[name]; dup {
			return nil, fmt.Errorf("%s: events %q and %q both become Go name %s; rename one", ev.Pos, other, ev.Name, name)
		}
		seen[name] = ev.Name
		evs = append(evs, Id("ev"+name).Op("=").Qual(genimplPkg, "EventOf").Call(Id("registry"), Id("ID"+name)))
	}
	f.Var().Defs(evs...)

	for _, ev := range r.Events {
		genEvent(f, ev)
	}
	specFunc(f, r, moduleNames)
	lintNames, err := lintRegistry(r)
	if err != nil {
		return nil, err
	}
	f.Comment("obsgenRegistry is the registry's names, for obslint: the linters read it")
	f.Comment("from here, so that a module's own registry is found without flags.")
	f.Const().Id("obsgenRegistry").Op("=").Lit(lintNames)
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

// valueTypeName is the Go type of a categorical key's values.
func valueTypeName(ev *registry.Event, fd *registry.Field) string {
	return goName(ev.Name) + goName(fd.Name)
}

// genValueType emits the typed string of a categorical key and one
// constant per value.
func genValueType(f *File, ev *registry.Event, fd *registry.Field) {
	tn := valueTypeName(ev, fd)
	f.Comment(fmt.Sprintf("%s is a value of %s.%s: %s The redaction filter drops any", tn, ev.Name, fd.Name, fd.Description))
	f.Comment("other value (rule value).")
	f.Type().Id(tn).String()
	var cs []Code
	for _, v := range fd.Values {
		cs = append(cs, Comment(fmt.Sprintf("%s is %q: %s", tn+goName(v.Value), v.Value, v.Description)))
		cs = append(cs, Id(tn+goName(v.Value)).Id(tn).Op("=").Lit(v.Value))
	}
	f.Const().Defs(cs...)
}

func genEvent(f *File, ev *registry.Event) {
	name := goName(ev.Name)
	isError := ev.Severity == "error"
	for _, fd := range ev.Fields {
		if len(fd.Values) > 0 {
			genValueType(f, ev, fd)
		}
	}

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
		members = append(members, Comment("ErrorCode goes to the record's top-level error_code."), Id("ErrorCode").Id("ErrorCode"))
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
		typ := fieldGoType(fd.T)
		if len(fd.Values) > 0 {
			typ = Id(valueTypeName(ev, fd))
			if fd.T.Shape == registry.ListShape {
				typ = Index().Id(valueTypeName(ev, fd))
			}
		}
		members = append(members, Id(goName(fd.Name)).Add(typ))
	}
	f.Type().Id(name).Struct(members...)

	// Log method.
	code := Lit(0)
	if isError {
		code = Id("e").Dot("ErrorCode")
	}
	body := []Code{
		Id("w").Op(":=").Id("l").Dot("Begin").Call(Id("ctx"), Id("ev"+name), code),
		If(Id("w").Op("==").Nil()).Block(Return(Nil())),
	}
	for i, fd := range ev.Fields {
		call := Id("w").Dot(kindConst[fd.T.Shape][fd.T.Elem]).Call(Lit(i), Id("e").Dot(goName(fd.Name)))
		if len(fd.Values) > 0 {
			if fd.T.Shape == registry.ListShape {
				call = Qual(genimplPkg, "WriteValues").Call(Id("w"), Lit(i), Id("e").Dot(goName(fd.Name)))
			} else {
				call = Id("w").Dot("String").Call(Lit(i), String().Call(Id("e").Dot(goName(fd.Name))))
			}
		}
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
	f.Comment("returns an *observe.InvariantViolation when strict redaction refuses the record.")
	f.Comment("Below the threshold it costs one inlined compare.")
	f.Func().Params(Id("e").Id(name)).Id("Log").Params(
		Id("ctx").Qual("context", "Context"), Id("l").Qual(observePkg, "Logger"),
	).Error().Block(
		If(Op("!").Id("l").Dot("Allows").Call(Qual(genimplPkg, goName(ev.Severity)))).Block(Return(Nil())),
		Return(Id("e").Dot("log").Call(Id("ctx"), Id("l"))),
	)
	f.Func().Params(Id("e").Id(name)).Id("log").Params(
		Id("ctx").Qual("context", "Context"), Id("l").Qual(observePkg, "Logger"),
	).Error().Block(body...)

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
