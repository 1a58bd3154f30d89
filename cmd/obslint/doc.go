// Command obslint runs the observability analyzers of this repository
// (obsevent, obsmetric, obsredact, noprint; see analyzers/) together with
// the default-on analyzers of staticcheck, simple and stylecheck
// (honnef.co/go/tools).
//
// Usage:
//
//	obslint [-registry DIR|EVENTS.yaml,METRICS.yaml] [flags] packages...
//	go vet -vettool=$(which obslint) [flags] packages...
//
// -registry selects the registry the names are checked against (default:
// the one embedded in github.com/genolewm/obs/registry). Each analyzer can
// be selected alone (-obsevent, -noprint, ...) and has its own flags
// (-obsredact.filter=..., -noprint.exempt=...); see obslint help NAME.
// The exit status is non-zero when any diagnostic is reported.
package main
