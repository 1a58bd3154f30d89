// Package noprint defines an Analyzer that enforces Principle 1 of the
// observability spec: structured by default; free-text print is forbidden
// in instrumented code.
//
// # Analyzer noprint
//
// noprint: report free-text printing (fmt.Print*, log.*, println, os.Stdout and os.Stderr) in instrumented library packages (spec Principle 1)
//
// In an instrumented package the analyzer reports:
//
//   - fmt.Print, fmt.Printf and fmt.Println;
//   - fmt.Fprint, fmt.Fprintf and fmt.Fprintln to os.Stdout or os.Stderr;
//   - the print, fatal and panic functions of package log (log.Printf,
//     log.Fatal, ...) and the same methods of *log.Logger, and Output;
//   - the builtins print and println;
//   - any other use of os.Stdout or os.Stderr (a Write call, or the
//     variable handed to another writer): a library writes its diagnostics
//     to an io.Writer option that the program sets.
//
// Print functions are followed as values, not only as calls: in an
// instrumented package, fmt.Print, Printf and Println and the print
// functions of log and *log.Logger used as a value (p := fmt.Println; an
// argument; a struct field; a method value or expression) are reported,
// since a call through the value prints. Every package, exempt or not,
// exports a fact for each exported variable, struct field and function
// that holds one (a field: is set to one in its package; a function:
// returns one), following assignments, declarations, struct literals,
// arguments of the package's own functions and returns to a fixed point;
// an instrumented package that reads such a variable or field, or calls
// such a function, is reported. A print function that a main package
// hands to a library (use.Do(fmt.Println)) is not: as with an io.Writer
// option set to os.Stderr, the program chose where the output goes.
//
// Records go through the logger (typed events of the generated events
// package); diagnostics go to the writer the caller gives.
//
// Instrumented means every package except: main packages (-mains, on by
// default: cmd/ mains and example programs may talk to their user), test
// files (-tests, on by default), obsgen-generated packages, and packages
// matching -exempt (import path patterns, a/b/... for a subtree, */cmd/...
// for any cmd folder; by default the runtime's own stderr writer,
// github.com/genolewm/obs/runtime/internal/stderr, which prints the one
// sanitized line of a crash or a signal).
package noprint
