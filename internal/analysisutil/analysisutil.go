// Package analysisutil is the plumbing that the obslint analyzers share:
// the registry names they check against (read from an obsgen-generated
// package, or from YAML with -registry), the detection of obsgen-generated
// files, designations of functions and packages written as strings (so
// that another code base can name its own), small matching helpers, and
// the extraction of each Analyzer.Doc from its package's doc.go.
//
// It is internal: its API changes with the analyzers.
package analysisutil

// Module is this repository's module path; the analyzers' defaults
// designate its packages.
const Module = "github.com/genolewm/obs"
