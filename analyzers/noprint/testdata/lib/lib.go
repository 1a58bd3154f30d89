// Package lib is an instrumented library package.
package lib

import (
	"bufio"
	"fmt"
	"io"
	"log"
	"os"
)

func prints(w io.Writer, l *log.Logger, err error) {
	fmt.Println("loss", 0.5)                 // want `call of fmt.Println \(writes to os.Stdout\): free-text output is forbidden in instrumented packages \(Principle 1\)`
	fmt.Printf("step %d\n", 3)               // want `call of fmt.Printf`
	fmt.Print("x")                           // want `call of fmt.Print `
	fmt.Fprintln(os.Stderr, "warning:", err) // want `call of fmt.Fprintln to os.Stderr`
	fmt.Fprintf(os.Stdout, "%v\n", err)      // want `call of fmt.Fprintf to os.Stdout`
	log.Printf("failed: %v", err)            // want `call of log.Printf`
	log.Println("x")                         // want `call of log.Println`
	l.Printf("x")                            // want `call of \(\*log.Logger\).Printf`
	l.Output(2, "x")                         // want `call of \(\*log.Logger\).Output`
	println("debug")                         // want `call of builtin println`
	print("debug")                           // want `call of builtin print`
	os.Stderr.WriteString("oops\n")          // want `call of os.Stderr.WriteString`
	os.Stdout.Write([]byte("x"))             // want `call of os.Stdout.Write`
	_, _ = io.WriteString(os.Stderr, "x")    // want `use of os.Stderr in an instrumented package`
	bw := bufio.NewWriter(os.Stdout)         // want `use of os.Stdout in an instrumented package`
	_ = bw
	if err != nil {
		log.Fatalf("fatal: %v", err) // want `call of log.Fatalf`
	}
	log.Panicln("x") // want `call of log.Panicln`
}

// Legitimate: formatting, writing to a caller's writer, errors.
func fine(w io.Writer, err error) error {
	s := fmt.Sprintf("%d", 3)
	fmt.Fprintf(w, "diagnostic: %s\n", s)
	return fmt.Errorf("wrapped: %w", err)
}
