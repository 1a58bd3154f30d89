package obsregistry

import (
	_ "embed"
	"fmt"
	"go/ast"
	"go/constant"
	"go/token"
	"go/types"
	"reflect"
	"strings"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/genolewm/obs/internal/analysisutil"
)

//go:embed doc.go
var doc string

// Analyzer finds each package's registry; its result is a *Result.
var Analyzer = &analysis.Analyzer{
	Name:       "obsregistry",
	Doc:        analysisutil.MustExtractDoc(doc, "obsregistry"),
	URL:        "https://pkg.go.dev/github.com/genolewm/obs/internal/analysisutil/obsregistry",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Fact)},
	ResultType: reflect.TypeOf((*Result)(nil)),
}

var registryFlag string

func init() {
	Analyzer.Flags.StringVar(&registryFlag, "registry", "", "registry to check names against, instead of the one found in obsgen-generated packages: a directory with events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml")
}

// Result is what the analyzers that require obsregistry get.
type Result struct {
	// Names is the registry to check names against; nil when the
	// package sees none, and then there is nothing to check names against.
	Names *analysisutil.Names
	// Generated reports whether the package is obsgen-generated: it is
	// exempt from every check.
	Generated bool
}

// Fact is the registry of an obsgen-generated events package: the value
// of its obsgenRegistry constant, kept as the JSON text so that the fact
// encodes deterministically (a gob of maps does not).
type Fact struct {
	Source string
	JSON   string
}

func (*Fact) AFact() {}

func (f *Fact) String() string {
	n, err := f.names()
	if err != nil {
		return "obsgenRegistry(" + err.Error() + ")"
	}
	return fmt.Sprintf("obsgenRegistry(%d events, %d metrics, %d error codes)", len(n.Events), len(n.Metrics), len(n.ErrorCodes))
}

// parsed caches the names of each fact's JSON: every dependent of a
// generated package would parse the same text again.
var parsed sync.Map // Fact -> *analysisutil.Names

func (f *Fact) names() (*analysisutil.Names, error) {
	if n, ok := parsed.Load(*f); ok {
		return n.(*analysisutil.Names), nil
	}
	n, err := analysisutil.ParseNames(f.JSON, f.Source)
	if err != nil {
		return nil, err
	}
	parsed.Store(*f, n)
	return n, nil
}

func run(pass *analysis.Pass) (any, error) {
	res := &Result{Generated: analysisutil.IsGeneratedPackage(pass.Fset, pass.Files)}
	own, pos := ownRegistry(pass)
	var (
		ownNames *analysisutil.Names
		err      error
	)
	if own != nil {
		if ownNames, err = own.names(); err != nil {
			// obsgen and obslint disagree on the format: say so loudly.
			return nil, fmt.Errorf("obsregistry: %v: %v (regenerate the package with the obsgen of the same release as obslint)", pass.Fset.Position(pos), err)
		}
		// Exported even under -registry: the flag is this run's choice,
		// the fact is what the package holds.
		pass.ExportPackageFact(own)
	}
	switch {
	case registryFlag != "":
		if res.Names, err = analysisutil.LoadRegistry(registryFlag); err != nil {
			return nil, fmt.Errorf("obsregistry: %v", err)
		}
	case own != nil:
		res.Names = ownNames
	default:
		res.Names, err = nearest(pass)
	}
	return res, err
}

// ownRegistry returns the package's obsgenRegistry constant, if an
// obsgen-generated file declares it.
func ownRegistry(pass *analysis.Pass) (*Fact, token.Pos) {
	c, _ := pass.Pkg.Scope().Lookup(analysisutil.RegistryConst).(*types.Const)
	if c == nil || c.Val().Kind() != constant.String {
		return nil, token.NoPos
	}
	f := fileOf(pass, c)
	if f == nil || !analysisutil.IsObsgenFile(f) {
		return nil, token.NoPos // a hand-written constant of that name is not a registry
	}
	return &Fact{Source: "registry of " + analysisutil.PkgPath(pass.Pkg), JSON: constant.StringVal(c.Val())}, c.Pos()
}

func fileOf(pass *analysis.Pass, obj types.Object) *ast.File {
	for _, f := range pass.Files {
		if f.FileStart <= obj.Pos() && obj.Pos() < f.FileEnd {
			return f
		}
	}
	return nil
}

// nearest picks, among the registry facts of the package's dependencies,
// the one whose package path shares the most leading elements with the
// package's path; ties go to the smaller path.
func nearest(pass *analysis.Pass) (*analysisutil.Names, error) {
	self := analysisutil.PkgPath(pass.Pkg)
	var (
		best     *Fact
		bestPath string
		bestLen  = -1
	)
	for _, pf := range pass.AllPackageFacts() {
		f, ok := pf.Fact.(*Fact)
		if !ok {
			continue
		}
		p := pf.Package.Path()
		if n := commonElems(self, p); n > bestLen || n == bestLen && p < bestPath {
			best, bestPath, bestLen = f, p, n
		}
	}
	if best == nil {
		return nil, nil
	}
	return best.names()
}

// commonElems counts the leading path elements a and b share.
func commonElems(a, b string) int {
	as, bs := strings.Split(a, "/"), strings.Split(b, "/")
	n := 0
	for n < len(as) && n < len(bs) && as[n] == bs[n] {
		n++
	}
	return n
}
