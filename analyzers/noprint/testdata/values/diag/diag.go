// Package diag may print (-exempt=example.com/values/diag, as a third-party
// dependency would not be checked), and hands print functions out through
// variables, a function result and a struct field: facts carry them to the
// instrumented packages that use them.
package diag

import (
	"fmt"
	"log"
)

// Out is a print function in a variable.
var Out = fmt.Println // want Out:`printFunc\(fmt.Println\)`

// Logf is another.
var Logf func(format string, args ...any) = log.Printf // want Logf:`printFunc\(log.Printf\)`

var out = Out

// Alias holds Out through an unexported variable.
var Alias = out // want Alias:`printFunc\(fmt.Println\)`

// Printer returns a print function through a local variable.
func Printer() func(a ...any) (int, error) { // want Printer:`printFunc\(fmt.Println\)`
	p := fmt.Println
	return p
}

// Options configures something; its Logf field is set to a print function
// by Default.
type Options struct {
	Logf func(format string, args ...any) // want Logf:`printFunc\(log.Printf\)`
	Name string
}

// Default is the default Options.
var Default = Options{Logf: log.Printf}

// keep returns its argument: a print function passed to it is held by its
// parameter, and so by what it returns.
func keep(p func(a ...any) (int, error)) func(a ...any) (int, error) { return p }

// Kept holds fmt.Print through keep.
var Kept = keep(fmt.Print) // want Kept:`printFunc\(fmt.Print\)`

// Format formats: not a print function.
var Format = fmt.Sprintln

// Writer prints to the writer it is given: not a print function.
var Writer = fmt.Fprintln
