// Package obsmetrics is the metric runtime behind the generated handles in
// generated/meters: lock-free counters, gauges and histograms, grouped in
// families whose label values come only from the registry's bounded sets.
//
// Families are created by generated code only (the obsmetric analyzer
// reports any other call to NewFamily), so no metric can exist that is not
// in registry/metrics.yaml. An update with a label value outside its set
// never creates a series: it is counted in the family's Dropped count.
package obsmetrics
