// Package metric is the metric runtime behind the generated handles:
// lock-free counters, gauges and histograms, grouped in families whose
// label values come only from the registry's bounded sets.
//
// Families are created only by the compiled registry (runtime/internal/
// schema), from a registry that passed its checks, so no metric can exist
// that is not in the registry. An update with a label value outside its
// set never creates a series: it is counted in the family's Dropped count.
package metric
