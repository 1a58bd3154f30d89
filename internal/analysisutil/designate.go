package analysisutil

import (
	"fmt"
	"go/types"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// FuncName is the designation of fn: types.Func.FullName of its generic
// origin, such as "(*example.com/filter.Filter).Emit",
// "(example.com/filter.Sink).WriteRecord" or "example.com/metric.NewFamily".
func FuncName(fn *types.Func) string {
	if fn == nil {
		return ""
	}
	return fn.Origin().FullName()
}

// ShortName turns a designation such as "(*a/b/filter.Filter).Emit" into
// "filter.Filter.Emit", for messages.
func ShortName(d string) string {
	d = strings.NewReplacer("(", "", ")", "", "*", "").Replace(d)
	if i := strings.LastIndexByte(d[:max(0, strings.LastIndexByte(d, '.'))], '/'); i >= 0 {
		d = d[i+1:]
	}
	return d
}

// PkgPath is p's import path, with the _test suffix of an external test
// package removed: a package's external tests are treated as the package.
func PkgPath(p *types.Package) string {
	return strings.TrimSuffix(p.Path(), "_test")
}

// OwnPackage reports whether pass analyzes obj's package or its external
// test package.
func OwnPackage(pass *analysis.Pass, obj types.Object) bool {
	return obj.Pkg() != nil && PkgPath(pass.Pkg) == obj.Pkg().Path()
}

// MethodRef is a parsed method designation "(pkg.T).M" or "(*pkg.T).M".
type MethodRef struct {
	Pkg, Type, Method string
}

// ParseMethod parses a method designation.
func ParseMethod(s string) (MethodRef, error) {
	bad := fmt.Errorf("%q: want a method designation such as (example.com/pkg.Type).Method", s)
	if !strings.HasPrefix(s, "(") {
		return MethodRef{}, bad
	}
	i := strings.Index(s, ").")
	if i < 0 {
		return MethodRef{}, bad
	}
	recv := strings.TrimPrefix(s[1:i], "*")
	dot := strings.LastIndexByte(recv, '.')
	if dot < 0 {
		return MethodRef{}, bad
	}
	return MethodRef{Pkg: recv[:dot], Type: recv[dot+1:], Method: s[i+2:]}, nil
}

// LookupInterfaceMethod finds the designated method of an interface type
// among pkg and its transitive imports; it returns nil when the package is
// not reachable from pkg (then nothing in pkg can call the method).
func LookupInterfaceMethod(pkg *types.Package, ref MethodRef) (*types.Interface, *types.Func) {
	p := FindPackage(pkg, ref.Pkg)
	if p == nil {
		return nil, nil
	}
	obj, _ := p.Scope().Lookup(ref.Type).(*types.TypeName)
	if obj == nil {
		return nil, nil
	}
	iface, _ := obj.Type().Underlying().(*types.Interface)
	if iface == nil {
		return nil, nil
	}
	for i := 0; i < iface.NumMethods(); i++ {
		if m := iface.Method(i); m.Name() == ref.Method {
			return iface, m
		}
	}
	return nil, nil
}

// FindPackage returns the package with the given path among pkg and its
// transitive imports, or nil.
func FindPackage(pkg *types.Package, path string) *types.Package {
	seen := map[*types.Package]bool{}
	var walk func(p *types.Package) *types.Package
	walk = func(p *types.Package) *types.Package {
		if p == nil || seen[p] {
			return nil
		}
		seen[p] = true
		if p.Path() == path {
			return p
		}
		for _, q := range p.Imports() {
			if r := walk(q); r != nil {
				return r
			}
		}
		return nil
	}
	return walk(pkg)
}
