// Command tool is a main package: exempt by default.
package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("hello")
	fmt.Fprintln(os.Stderr, "usage: tool")
}
