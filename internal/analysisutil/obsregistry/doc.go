// Package obsregistry defines an Analyzer that finds, for each package,
// the registry that the obslint analyzers check names against, and tells
// them whether the package is obsgen-generated. It reports nothing itself.
//
// # Analyzer obsregistry
//
// obsregistry: find the registry of obsgen-generated packages and carry it to the packages that depend on them
//
// Every events package that obsgen generates holds an unexported string
// constant, obsgenRegistry, with the registry's event names, severities
// and error codes and its metric names and kinds, as JSON. When the
// analyzer sees that constant in an obsgen-generated file (a "Code
// generated ... DO NOT EDIT." header that names obsgen), it parses it and
// exports it as a package fact. Facts flow from a package to everything
// that imports it, directly or not, so every package that depends on a
// generated events package sees that registry without any flag.
//
// The registry of a package is, in order:
//
//  1. the registry of -registry, when given (a directory holding
//     events.yaml and metrics.yaml, or EVENTS.yaml,METRICS.yaml; the
//     runtime's core registry is merged in, as obsgen does);
//  2. the package's own obsgenRegistry constant;
//  3. among the registries of its dependencies, the one whose package
//     path shares the most leading path elements with the package's own
//     (so a module's code finds the module's own generated package before
//     another module's); a tie goes to the smaller import path.
//
// A package that sees no registry (no -registry, and no generated events
// package among its dependencies) has nothing to check names against:
// obsevent and obsmetric then report nothing about names, and keep their
// other checks. A library that only receives an observe.Logger, and
// imports no generated package, is in that case; give -registry to check
// its names too.
//
// A package is generated when one of its non-test files is an
// obsgen-generated file. The analyzers exempt generated packages from
// every check: they are the registry.
package obsregistry
