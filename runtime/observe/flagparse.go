package observe

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
)

// parseQuietly parses fs with its own messages held back and returns (or,
// as fs's error handling says, prints and exits with, or panics with) a
// message that names the flag or the argument's position, never the
// argument itself.
func parseQuietly(fs *flag.FlagSet, args []string) error {
	out, handling := fs.Output(), fs.ErrorHandling()
	// Init changes only the name and the error handling; the flags stay.
	fs.Init(fs.Name(), flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	err := fs.Parse(args)
	fs.Init(fs.Name(), handling)
	fs.SetOutput(out)
	if err == nil {
		return nil
	}
	if errors.Is(err, flag.ErrHelp) {
		usage(fs) // asked for: the defaults it shows were all accepted
	} else {
		err = sanitizeFlagError(fs, err, len(args)-len(fs.Args()))
	}
	return failAs(fs, err)
}

// failAs handles err as fs's error handling says: returned, or printed
// with the usage before exiting with status 2 (0 for -h), or panicked.
func failAs(fs *flag.FlagSet, err error) error {
	out := fs.Output()
	switch fs.ErrorHandling() {
	case flag.ExitOnError:
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(0)
		}
		fmt.Fprintln(out, err)
		usage(fs)
		os.Exit(2)
	case flag.PanicOnError:
		panic(err)
	}
	return err
}

// sanitizeFlagError rewrites a flag package error. pos is the 1-based
// position of the argument being parsed when it failed.
func sanitizeFlagError(fs *flag.FlagSet, err error, pos int) error {
	msg := err.Error()
	// A defined flag's name comes from the program, not from the
	// command line: it can be named.
	var name string
	fs.VisitAll(func(f *flag.Flag) {
		if name == "" && (strings.Contains(msg, "for flag -"+f.Name+":") ||
			strings.Contains(msg, "value for -"+f.Name+":") ||
			strings.HasSuffix(msg, "needs an argument: -"+f.Name)) {
			name = f.Name
		}
	})
	switch {
	case strings.HasPrefix(msg, "flag needs an argument") && name != "":
		return fmt.Errorf("observe: flag -%s needs a value; give one as -%s=VALUE", name, name)
	case name != "":
		return fmt.Errorf("observe: flag -%s has an invalid value; run with -h to see what it takes", name)
	case strings.HasPrefix(msg, "bad flag syntax"):
		// Rejected before the flag package moved past it.
		return fmt.Errorf("observe: argument %d is not a valid flag; run with -h to list the flags", pos+1)
	case strings.HasPrefix(msg, "flag provided but not defined"):
		return fmt.Errorf("observe: argument %d is not a defined flag; run with -h to list the flags", pos)
	}
	return fmt.Errorf("observe: argument %d is not a valid flag; run with -h to list the flags", pos)
}

// usage prints fs's usage as flag would.
func usage(fs *flag.FlagSet) {
	if fs.Usage != nil {
		fs.Usage()
		return
	}
	fmt.Fprintf(fs.Output(), "Usage of %s:\n", fs.Name())
	fs.PrintDefaults()
}
