package main

import (
	"flag"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/multichecker"
	"honnef.co/go/tools/analysis/lint"
	"honnef.co/go/tools/simple"
	"honnef.co/go/tools/staticcheck"
	"honnef.co/go/tools/stylecheck"

	"github.com/genolewm/obs/analyzers/suite"
)

func main() {
	flag.Var(new(suite.RegistryFlag), "registry", "registry to check names against, instead of the one each package finds in the obsgen-generated events package it depends on: a directory holding events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml")
	applyBuildTags()
	multichecker.Main(analyzers()...)
}

// analyzers is our suite plus staticcheck's default-on checks.
func analyzers() []*analysis.Analyzer {
	as := suite.Analyzers()
	for _, set := range [][]*lint.Analyzer{staticcheck.Analyzers, simple.Analyzers, stylecheck.Analyzers} {
		for _, a := range set {
			if a.Doc == nil || !a.Doc.NonDefault {
				as = append(as, a.Analyzer)
			}
		}
	}
	return as
}
