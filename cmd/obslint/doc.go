// Command obslint runs the observability analyzers of this repository
// (obsevent, obsmetric, obsredact, obsgenimpl, noprint; see analyzers/)
// together with the default-on analyzers of staticcheck, simple and
// stylecheck (honnef.co/go/tools).
//
// Usage:
//
//	obslint [flags] packages...
//	go vet -vettool=$(which obslint) [flags] packages...
//
// No flag is needed in a module that has adopted the runtime: each package
// is checked against the registry of the obsgen-generated events package
// it depends on, directly or not, and obsgen-generated code is exempt
// from every check (see internal/analysisutil/obsregistry for the rule
// when several registries are visible, and for packages that see none).
// -registry DIR (or EVENTS.yaml,METRICS.yaml) overrides that registry for
// every package. Each analyzer can be selected alone (-obsevent, -noprint,
// ...) and has its own flags (-obsredact.filter=..., -noprint.exempt=...);
// see obslint help NAME. -tags selects build tags, as for go vet. The exit
// status is non-zero when any diagnostic
// is reported.
package main
