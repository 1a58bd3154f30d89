// Package obsprom exposes the registered metric families (generated/meters)
// to Prometheus: a prometheus.Collector that turns every series into a
// const metric in base units, and WriteText, which encodes them in the text
// exposition format with prometheus/common's expfmt.
//
// Values are recorded in the registry's unit and divided by the family's
// Divisor on the way out (milliseconds become seconds, also for histogram
// bucket bounds and sums). For a power-of-ten divisor the decimal point is
// shifted rather than divided in binary, so that a bound of 25 ms is
// exposed as exactly le="0.025" and 0.123 ms as 0.000123.
//
// Every bounded series of every family is exported from the start, at zero
// when nothing was recorded: label sets are small and fixed by the
// registry, a present zero lets rate() and increase() see the first
// increment, and a scrape never has to guess whether a series is missing
// or merely idle. Series are never created from data, so the exposition
// cannot grow beyond the registry's cardinality.
package obsprom
