// Package use is instrumented: it prints through what package diag hands
// out.
package use

import (
	"os"

	"example.com/values/diag"
)

func use(o diag.Options) {
	_, _ = diag.Out("x") // want `use of diag.Out, which holds fmt.Println: a call through it prints free text`
	p := diag.Logf       // want `use of diag.Logf, which holds log.Printf`
	p("x")
	_, _ = diag.Alias("x")        // want `use of diag.Alias, which holds fmt.Println`
	_, _ = diag.Printer()("x")    // want `call of diag.Printer, which returns fmt.Println`
	diag.Default.Logf("x")        // want `use of field Logf, which package diag sets to log.Printf`
	_, _ = diag.Kept("x")         // want `use of diag.Kept, which holds fmt.Print`
	_ = diag.Format("x")          // ok
	_, _ = diag.Writer(os.Stdout) // want `use of os.Stdout`
	o.Name = "x"                  // ok
	diag.Out = nil                // ok: a write
}

// Do calls the function its caller gives: the caller chose where the
// output goes, as with an io.Writer option.
func Do(say func(a ...any) (int, error)) { _, _ = say("x") }
