package lib

import (
	"fmt"
	"log"
)

type printer func(a ...any) (int, error)

func call(p printer) { _, _ = p("x") }

type sayer struct{ say printer }

// Print functions used as values print wherever they are called.
func values(l *log.Logger) {
	p := fmt.Println // want `fmt.Println used as a function value: a call through it prints free text`
	_, _ = p("loss", 0.5)
	call(fmt.Print)              // want `fmt.Print used as a function value`
	s := sayer{say: fmt.Println} // want `fmt.Println used as a function value`
	_ = sayer{fmt.Print}         // want `fmt.Print used as a function value`
	f := l.Printf                // want `\(\*log.Logger\).Printf used as a function value`
	g := (*log.Logger).Println   // want `\(\*log.Logger\).Println used as a function value`
	h := log.Fatalf              // want `log.Fatalf used as a function value`
	_ = printer(fmt.Println)     // want `fmt.Println used as a function value`
	_, _, _, _ = s, f, g, h
	_ = fmt.Sprintln // ok: formats only
	_ = fmt.Fprintln // ok: prints to the writer it is given, checked at the call
}
