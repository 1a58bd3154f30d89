package registry

import (
	"fmt"
	"math"
	"regexp"
	"strconv"
	"strings"

	"github.com/genolewm/obs/internal/dna"
)

var (
	dottedName = regexp.MustCompile(`^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$`)
	snakeName  = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
	codeName   = regexp.MustCompile(`^[A-Z][A-Za-z0-9]*\.[A-Z][A-Za-z0-9]*$`)
	semverRe   = regexp.MustCompile(`^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$`)
	promName   = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)
	// labelValue keeps label values printable and short: they become
	// Prometheus label values and Go identifiers.
	labelValue = regexp.MustCompile(`^[a-z][a-z0-9_.]*$`)
	// dataValue is the form of a categorical data value: a plain
	// lowercase word, at most maxValueLen long, that becomes a Go
	// constant.
	dataValue = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)
)

var (
	severities   = []string{"debug", "info", "warn", "error"}
	stabilities  = []string{"stable", "experimental"}
	kinds        = []string{"counter", "gauge", "histogram"}
	valueSources = []string{"events", "error_codes"}
	// Prometheus reserves these suffixes for histogram and summary series.
	reservedSuffixes = []string{"_bucket", "_count", "_sum"}
	// Non-base units: Prometheus wants seconds and bytes.
	nonBaseUnits = []string{"milliseconds", "millis", "ms", "microseconds", "us", "nanoseconds", "ns", "minutes", "hours", "days", "kilobytes", "kb", "megabytes", "mb", "gigabytes", "gb", "kib", "mib", "gib", "percent"}
)

func oneOf(v string, set []string) bool {
	for _, s := range set {
		if v == s {
			return true
		}
	}
	return false
}

// HasDNARun reports whether s holds sequence data by the DNA rule (runs
// of dna.MinRun (20) or more nucleotide letters, disguises included: see
// package internal/dna). A name like that could smuggle bases. It is the redaction filter's own rule (internal/dna), so
// that the registry and the runtime can never disagree on what counts as
// sequence.
func HasDNARun(s string) bool { return dna.Has(s) }

// checkFileVersions checks the version of a pair of files; the two must
// agree. The core's pair is checked on its own: its version is
// independent of the module's.
func checkFileVersions(ef *eventsFile, mf *metricsFile, e *errs) {
	checkVersion(ef.Node, ef.Version, "events", e)
	checkVersion(mf.Node, mf.Version, "metrics", e)
	if ef.Version != "" && mf.Version != "" && ef.Version != mf.Version {
		e.add(mf.At("version"), "keep both registry files at the same version", "version %s differs from %s's version %s", mf.Version, ef.Pos.File, ef.Version)
	}
}

// versionOf is the registry version an item is checked against: the
// core's for core items, the module's otherwise.
func (r *Registry) versionOf(core bool) string {
	if core {
		return r.CoreVersion
	}
	return r.Version
}

// validate checks every rule on r, which may be merged with the core; ef
// is the module's events file, for positions.
func validate(r *Registry, ef *eventsFile, e *errs) {
	validateRecordFields(r, e)

	deny := map[string]bool{}
	for _, k := range r.DenyKeys {
		if !snakeName.MatchString(k.Value) {
			e.add(k.Pos, "use snake_case", "deny key %q is not snake_case", k.Value)
		}
		if deny[k.Value] {
			e.add(k.Pos, "remove the duplicate", "deny key %q is listed twice", k.Value)
		}
		deny[k.Value] = true
	}
	if len(r.DenyKeys) == 0 {
		e.add(ef.At("deny_keys"), "list at least vcf_content, genotype, sample_id and user_email", "the deny list is empty")
	}

	codes := map[string]*ErrorCode{}
	for _, c := range r.ErrorCodes {
		if !codeName.MatchString(c.Code) {
			e.add(c.At("code"), `name it Class.Reason, as in "InternalError.InvariantViolation"`, "error code %q is not of the form Class.Reason", c.Code)
		}
		if codes[c.Code] != nil {
			e.add(c.At("code"), "remove or rename the duplicate", "error code %q is defined twice (first at %s)", c.Code, codes[c.Code].Pos)
		}
		codes[c.Code] = c
		checkDescription(&c.Node, c.Description, "error code "+c.Code, e)
		checkDeprecation(c.Deprecated, r.versionOf(c.Core), e)
	}

	events := map[string]*Event{}
	for _, ev := range r.Events {
		validateEvent(r, ev, deny, codes, e)
		if ev.Name != "" && events[ev.Name] != nil {
			e.add(ev.At("name"), "rename one of them", "event %q is registered twice (first at %s)", ev.Name, events[ev.Name].Pos)
		}
		events[ev.Name] = ev
	}
	for _, ev := range r.Events {
		if ev.RenamedFrom != "" && events[ev.RenamedFrom] != nil {
			e.add(ev.At("renamed_from"), "a rename's old name must be gone from the registry", "event %q is renamed from %q, which is still registered", ev.Name, ev.RenamedFrom)
		}
		if d := ev.Deprecated; d != nil && d.Replacement != "" && events[d.Replacement] == nil {
			e.add(d.At("replacement"), "name a registered event", "replacement %q of deprecated event %q is not registered", d.Replacement, ev.Name)
		}
	}

	metrics := map[string]*Metric{}
	prom := map[string]*Metric{}
	for _, m := range r.Metrics {
		validateMetric(r, m, e)
		if m.Name != "" && metrics[m.Name] != nil {
			e.add(m.At("name"), "rename one of them", "metric %q is registered twice (first at %s)", m.Name, metrics[m.Name].Pos)
		} else if m.PromName != "" && prom[m.PromName] != nil {
			e.add(m.At("name"), "rename one of them", "metric %q has the same Prometheus name %s as %q", m.Name, m.PromName, prom[m.PromName].Name)
		}
		metrics[m.Name] = m
		if m.PromName != "" {
			prom[m.PromName] = m
		}
	}
	for _, m := range r.Metrics {
		if m.RenamedFrom != "" && metrics[m.RenamedFrom] != nil {
			e.add(m.At("renamed_from"), "a rename's old name must be gone from the registry", "metric %q is renamed from %q, which is still registered", m.Name, m.RenamedFrom)
		}
		if d := m.Deprecated; d != nil && d.Replacement != "" && metrics[d.Replacement] == nil {
			e.add(d.At("replacement"), "name a registered metric", "replacement %q of deprecated metric %q is not registered", d.Replacement, m.Name)
		}
	}
	for _, m := range r.Metrics {
		for _, l := range m.Labels {
			resolveLabel(r, m, l, e)
		}
	}
}

func checkVersion(n Node, v, what string, e *errs) {
	if v == "" {
		e.add(n.Pos, "add `version: 0.1.0` at the top", "the %s registry has no version", what)
	} else if !semverRe.MatchString(v) {
		e.add(n.At("version"), "write MAJOR.MINOR.PATCH, e.g. 0.1.0", "version %q is not a semantic version", v)
	}
}

func checkDescription(n *Node, d, what string, e *errs) {
	switch {
	case strings.TrimSpace(d) == "":
		e.add(n.At("description"), "add a one-line description: operators read it in docs/api", "%s has no description", what)
	case strings.ContainsAny(d, "\n\r"):
		e.add(n.At("description"), "keep descriptions to one line", "%s has a multi-line description", what)
	}
}

func checkStability(n *Node, stability, since, version, what string, e *errs) {
	if !oneOf(stability, stabilities) {
		e.add(n.At("stability"), "use one of: "+strings.Join(stabilities, ", "), "%s has stability %q", what, stability)
	}
	switch {
	case since == "":
		e.add(n.Pos, "add `since:` with the registry version that introduced it", "%s has no since version", what)
	case !semverRe.MatchString(since):
		e.add(n.At("since"), "write MAJOR.MINOR.PATCH", "%s: since %q is not a semantic version", what, since)
	case semverRe.MatchString(version) && CompareVersions(since, version) > 0:
		e.add(n.At("since"), "since cannot be newer than the registry's version", "%s: since %s is after registry version %s", what, since, version)
	}
}

func checkDeprecation(d *Deprecation, version string, e *errs) {
	if d == nil {
		return
	}
	if strings.TrimSpace(d.Reason) == "" {
		e.add(d.Pos, "say why, so users know what to do", "deprecation without a reason")
	}
	if d.Since != "" && !semverRe.MatchString(d.Since) {
		e.add(d.At("since"), "write MAJOR.MINOR.PATCH", "deprecation since %q is not a semantic version", d.Since)
	}
}

func validateEvent(r *Registry, ev *Event, deny map[string]bool, codes map[string]*ErrorCode, e *errs) {
	what := fmt.Sprintf("event %q", ev.Name)
	switch {
	case ev.Name == "":
		e.add(ev.Pos, "add `name:`", "event without a name")
	case !dottedName.MatchString(ev.Name):
		e.add(ev.At("name"), "use dotted-lowercase, e.g. "+suggestDotted(ev.Name), "event name %q is not dotted-lowercase", ev.Name)
	case HasDNARun(ev.Name):
		e.add(ev.At("name"), "rename it", "event name %q contains a run of 20 or more DNA letters", ev.Name)
	}
	if !oneOf(ev.Severity, severities) {
		e.add(ev.At("severity"), "use one of: "+strings.Join(severities, ", "), "%s has unknown severity %q", what, ev.Severity)
	}
	checkDescription(&ev.Node, ev.Description, what, e)
	version := r.versionOf(ev.Core)
	checkStability(&ev.Node, ev.Stability, ev.Since, version, what, e)
	checkDeprecation(ev.Deprecated, version, e)

	if s := ev.Sampling; s != nil {
		switch {
		case ev.Severity == "warn" || ev.Severity == "error":
			e.add(s.Pos, "remove sampling: nothing at warn or above is ever sampled out", "%s is %s and sampled", what, ev.Severity)
		case s.Every != "" && s.OneIn != 0:
			e.add(s.Pos, "keep one of them", "%s: sampling has both every and one_in", what)
		case s.Every != "" && s.Every != "log_every":
			e.add(s.At("every"), "the only step knob is log_every", "%s: unknown sampling knob %q", what, s.Every)
		case s.Every == "" && s.OneIn < 2:
			e.add(s.Pos, "set one_in to 2 or more, or every: log_every", "%s: sampling keeps every record", what)
		}
	}

	if ev.Severity == "error" && len(ev.ErrorCodes) == 0 {
		e.add(ev.Pos, "list the codes its records may carry under error_codes", "error-severity %s has no error codes", what)
	}
	if ev.Severity != "error" && len(ev.ErrorCodes) > 0 {
		e.add(ev.At("error_codes"), "remove error_codes: error_code is only on error records", "%s is %s but lists error codes", what, ev.Severity)
	}
	seenCode := map[string]bool{}
	for _, c := range ev.ErrorCodes {
		if codes[c.Value] == nil {
			e.add(c.Pos, "define it under error_codes at the top of the file", "%s uses undefined error code %q", what, c.Value)
		}
		if seenCode[c.Value] {
			e.add(c.Pos, "remove the duplicate", "%s lists error code %q twice", what, c.Value)
		}
		seenCode[c.Value] = true
	}

	if len(ev.Fields) > 64 {
		e.add(ev.At("fields"), "split the event", "%s has %d keys; at most 64", what, len(ev.Fields))
	}
	seen := map[string]bool{}
	for _, f := range ev.Fields {
		fwhat := fmt.Sprintf("%s field %q", what, f.Name)
		switch {
		case f.Name == "":
			e.add(f.Pos, "add `name:`", "%s has a field without a name", what)
		case !snakeName.MatchString(f.Name):
			e.add(f.At("name"), "use snake_case", "%s: key %q is not snake_case", what, f.Name)
		case HasDNARun(f.Name):
			e.add(f.At("name"), "rename it", "%s: key %q contains a run of 20 or more DNA letters", what, f.Name)
		}
		if deny[f.Name] {
			e.add(f.At("name"), "remove it from the event: personal-data keys can never be allowlisted", "%s: key %q is on the deny list", what, f.Name)
		}
		if seen[f.Name] {
			e.add(f.At("name"), "remove the duplicate", "%s: key %q is listed twice", what, f.Name)
		}
		seen[f.Name] = true
		t, err := ParseFieldType(f.Type)
		if err != nil {
			e.add(f.At("type"), "use int, float, string, bool, list[T] or map[T] with T one of those four", "%s: %v", fwhat, err)
		}
		f.T = t
		checkDescription(&f.Node, f.Description, fwhat, e)
		checkDeprecation(f.Deprecated, version, e)
		if d := f.Deprecated; d != nil && d.Replacement != "" && ev.Field(d.Replacement) == nil {
			e.add(d.At("replacement"), "name another key of the same event", "%s: replacement %q is not a key of the event", fwhat, d.Replacement)
		}
		if f.Deprecated != nil && f.Required {
			e.add(f.Deprecated.Pos, "make it optional first", "%s is required and deprecated", fwhat)
		}
		validateValues(f, fwhat, e)
	}
	validateEventWandB(ev, what, e)
}

// Bounds of a categorical key's value set.
const (
	MaxValues   = 64
	maxValueLen = 64
)

func validateValues(f *Field, what string, e *errs) {
	if !f.Has("values") {
		return
	}
	if f.T.Elem != String || f.T.Shape == MapShape {
		e.add(f.At("values"), "only string and list[string] keys take a value set", "%s: values on a %s key", what, f.Type)
		return
	}
	switch {
	case len(f.Values) == 0:
		e.add(f.At("values"), "list the allowed values, or remove values: to keep the key open", "%s: the value set is empty", what)
	case len(f.Values) > MaxValues:
		e.add(f.At("values"), "a categorical key has a short closed set; split it or keep it open", "%s has %d values; at most %d", what, len(f.Values), MaxValues)
	}
	seen := map[string]bool{}
	for _, v := range f.Values {
		switch {
		case !dataValue.MatchString(v.Value) || len(v.Value) > maxValueLen:
			e.add(v.At("value"), "use a lowercase word: letters, digits and _, at most 64 characters", "%s: value %q is not a plain lowercase word", what, v.Value)
		case HasDNARun(v.Value):
			e.add(v.At("value"), "rename it", "%s: value %q contains a run of 20 or more DNA letters", what, v.Value)
		}
		if seen[v.Value] {
			e.add(v.At("value"), "remove the duplicate", "%s: value %q is listed twice", what, v.Value)
		}
		seen[v.Value] = true
		checkDescription(&v.Node, v.Description, fmt.Sprintf("%s value %q", what, v.Value), e)
	}
}

func suggestDotted(s string) string {
	s = strings.ToLower(strings.NewReplacer("-", ".", "/", ".", " ", "_").Replace(s))
	return strconv.Quote(s)
}

func validateMetric(r *Registry, m *Metric, e *errs) {
	what := fmt.Sprintf("metric %q", m.Name)
	switch {
	case m.Name == "":
		e.add(m.Pos, "add `name:`", "metric without a name")
	case !dottedName.MatchString(m.Name) || !strings.Contains(m.Name, "."):
		e.add(m.At("name"), "use dotted-lowercase with a namespace, e.g. geno_lewm.data.cache.hit", "metric name %q is not dotted-lowercase", m.Name)
	}
	if !oneOf(m.Kind, kinds) {
		e.add(m.At("kind"), "use one of: "+strings.Join(kinds, ", "), "%s has unknown kind %q", what, m.Kind)
	}
	u, ok := LookupUnit(m.Unit)
	if !ok {
		e.add(m.At("unit"), "use one of: "+strings.Join(UnitNames(), ", "), "%s has unknown unit %q", what, m.Unit)
	}
	m.U = u
	checkDescription(&m.Node, m.Description, what, e)
	version := r.versionOf(m.Core)
	checkStability(&m.Node, m.Stability, m.Since, version, what, e)
	checkDeprecation(m.Deprecated, version, e)

	switch {
	case m.Kind == "histogram" && len(m.Buckets) == 0:
		e.add(m.Pos, "add `buckets:` with increasing upper bounds in "+m.Unit, "histogram %s has no buckets", what)
	case m.Kind != "histogram" && len(m.Buckets) > 0:
		e.add(m.At("buckets"), "remove buckets", "%s is a %s; only histograms have buckets", what, m.Kind)
	}
	for i, b := range m.Buckets {
		if math.IsNaN(b) || math.IsInf(b, 0) {
			e.add(m.At("buckets"), "+Inf is implicit; list finite bounds", "%s: bucket %d is not finite", what, i)
		} else if i > 0 && b <= m.Buckets[i-1] {
			e.add(m.At("buckets"), "sort the bounds and remove duplicates", "%s: bucket bounds must increase (%v after %v)", what, b, m.Buckets[i-1])
		}
	}

	if m.Name != "" && ok && oneOf(m.Kind, kinds) {
		m.PromName = PromName(m.Name, m.Kind, u)
		checkPromName(m, e)
	}

	if len(m.Labels) > 3 {
		e.add(m.At("labels"), "split the metric: each label multiplies its series", "%s has %d labels; at most 3", what, len(m.Labels))
	}
	validateMetricWandB(m, what, e)
	labels := map[string]bool{}
	for _, l := range m.Labels {
		switch {
		case !snakeName.MatchString(l.Name):
			e.add(l.At("name"), "use snake_case", "%s: label %q is not snake_case", what, l.Name)
		case l.Name == "le" || l.Name == "quantile":
			e.add(l.At("name"), "rename it: Prometheus reserves le and quantile", "%s: label %q is reserved", what, l.Name)
		case l.Name == RankLabel:
			e.add(l.At("name"), "rename it: the runtime adds rank to every series of a multi-process run", "%s: label %q is reserved", what, l.Name)
		}
		if labels[l.Name] {
			e.add(l.At("name"), "remove the duplicate", "%s: label %q is listed twice", what, l.Name)
		}
		labels[l.Name] = true
		checkDescription(&l.Node, l.Description, fmt.Sprintf("%s label %q", what, l.Name), e)
		switch {
		case len(l.Values) == 0 && l.ValuesFrom == "":
			e.add(l.Pos, "list its values under values: or use values_from: events | error_codes", "%s: label %q is unbounded", what, l.Name)
		case len(l.Values) > 0 && l.ValuesFrom != "":
			e.add(l.Pos, "keep one of them", "%s: label %q has both values and values_from", what, l.Name)
		case l.ValuesFrom != "" && !oneOf(l.ValuesFrom, valueSources):
			e.add(l.At("values_from"), "use events or error_codes", "%s: label %q takes values from unknown source %q", what, l.Name, l.ValuesFrom)
		}
		seen := map[string]bool{}
		for _, v := range l.Values {
			if !labelValue.MatchString(v.Value) {
				e.add(v.Pos, "use lowercase letters, digits, _ and .", "%s: label value %q is not a plain lowercase word", what, v.Value)
			}
			if seen[v.Value] {
				e.add(v.Pos, "remove the duplicate", "%s: label value %q is listed twice", what, v.Value)
			}
			seen[v.Value] = true
		}
	}
}

// checkPromName applies the Prometheus naming conventions (the rules that
// promlint enforces) to the derived exposition name.
func checkPromName(m *Metric, e *errs) {
	n := m.PromName
	at := m.At("name")
	if !promName.MatchString(n) || strings.HasPrefix(n, "__") {
		e.add(at, "use letters, digits and underscores", "metric %q: Prometheus name %s is not valid", m.Name, n)
	}
	base := strings.TrimSuffix(n, "_total")
	if m.Kind != "counter" && strings.HasSuffix(n, "_total") {
		e.add(at, "only counters end in _total; drop the suffix", "metric %q: %s %s would end in _total", m.Name, m.Kind, n)
	}
	if m.Kind == "counter" && strings.HasSuffix(base, "_total") {
		e.add(at, "drop _total from the dotted name: it is added for counters", "metric %q: Prometheus name %s repeats _total", m.Name, n)
	}
	for _, s := range reservedSuffixes {
		if strings.HasSuffix(base, s) {
			e.add(at, "rename it: Prometheus reserves "+strings.Join(reservedSuffixes, ", ")+" for histogram series", "metric %q: Prometheus name %s ends in %s", m.Name, n, s)
		}
	}
	for _, part := range strings.Split(strings.ReplaceAll(m.Name, ".", "_"), "_") {
		if oneOf(part, nonBaseUnits) {
			e.add(at, "name the quantity, not the unit: set unit: ms (exposed in seconds) or bytes", "metric %q: name contains non-base unit %q", m.Name, part)
		}
	}
	for _, t := range []string{"counter", "gauge", "histogram", "summary"} {
		if strings.Contains("_"+base+"_", "_"+t+"_") {
			e.add(at, "drop the type from the name", "metric %q: name contains the metric type %q", m.Name, t)
		}
	}
}

func resolveLabel(r *Registry, m *Metric, l *Label, e *errs) {
	switch l.ValuesFrom {
	case "events":
		for _, ev := range r.Events {
			l.Resolved = append(l.Resolved, ev.Name)
		}
	case "error_codes":
		for _, c := range r.ErrorCodes {
			l.Resolved = append(l.Resolved, c.Code)
		}
	default:
		for _, v := range l.Values {
			l.Resolved = append(l.Resolved, v.Value)
		}
	}
	if len(l.Resolved) > 1000 {
		e.add(l.Pos, "split the metric or shrink the set", "metric %q: label %q has %d values; keep series bounded", m.Name, l.Name, len(l.Resolved))
	}
}

// CompareVersions compares two MAJOR.MINOR.PATCH versions.
func CompareVersions(a, b string) int {
	pa, pb := ParseVersion(a), ParseVersion(b)
	for i := range pa {
		if pa[i] != pb[i] {
			if pa[i] < pb[i] {
				return -1
			}
			return 1
		}
	}
	return 0
}

// ParseVersion splits MAJOR.MINOR.PATCH; invalid parts read as 0.
func ParseVersion(v string) [3]int {
	var out [3]int
	for i, p := range strings.SplitN(v, ".", 3) {
		out[i], _ = strconv.Atoi(p)
	}
	return out
}
