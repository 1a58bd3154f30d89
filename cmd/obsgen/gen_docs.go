package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/genolewm/obs/registry"
)

// genEventDocs renders docs/api/log-events.md.
func genEventDocs(r *registry.Registry) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("<!-- %s -->\n\n", header(r.EventsFile()))
	w("# Log events\n\n")
	w("Registry version %s: %d events. Every record is one JSON line with `ts`, `severity`, `event`, `run_id` and `data`; ", r.Version, len(r.Events))
	w("`data` holds only the keys listed for its event, with the types listed. ")
	w("`docs/api/log-record.schema.json` is the same contract as a JSON Schema. ")
	w("Required keys are always present. The typed API leaves optional strings, lists and maps out when they are empty, ")
	w("and always writes numbers and booleans (zero is a real value). Floats that are NaN or infinite are written as the strings ")
	w("`\"NaN\"`, `\"Infinity\"` and `\"-Infinity\"`, as in the protobuf JSON mapping. ")
	w("A categorical key (a `string` or `list[string]` with a value set) takes only the values listed under its event: ")
	w("the redaction filter drops any other value (strict mode refuses the record), the schema has an `enum` and live-check reports the value's position, never the value.\n\n")
	w("%s\n\n", dnaRuleNote)
	w("%s\n\n", wandbEventsNote)
	recordFieldsTable(w, r)
	w("| Event | Severity | Sampling | Stability | Since | When emitted |\n|---|---|---|---|---|---|\n")
	for _, ev := range r.Events {
		w("| [`%s`](#%s) | %s | %s | %s | %s | %s |\n", ev.Name, anchor(ev.Name), ev.Severity, samplingText(ev), stabilityText(ev.Stability, ev.Deprecated), ev.Since, mdEscape(ev.Description))
	}
	for _, ev := range r.Events {
		w("\n## %s\n\n%s\n\n", ev.Name, mdEscape(ev.Description))
		if ev.Deprecated != nil {
			w("> **%s**\n\n", mdEscape(deprecatedNote(ev.Deprecated)))
		}
		w("- Severity: `%s`\n- Sampling: %s\n- Stability: %s, since %s\n", ev.Severity, samplingText(ev), ev.Stability, ev.Since)
		if ev.RenamedFrom != "" {
			w("- Renamed from: `%s`\n", ev.RenamedFrom)
		}
		if len(ev.ErrorCodes) > 0 {
			var cs []string
			for _, c := range ev.ErrorCodes {
				cs = append(cs, "`"+c.Value+"`")
			}
			w("- Error codes: %s\n", strings.Join(cs, ", "))
		}
		if ev.WandB != nil {
			w("- W&B (`-wandb-project`): %s\n", wandbEventText(ev))
		}
		w("\n| Key | Type | Unit | Required | Description |\n|---|---|---|---|---|\n")
		for _, f := range ev.Fields {
			w("| `%s` | `%s` | %s | %s | %s |\n", f.Name, f.Type, orDash(f.Unit), yesNo(f.Required), withDeprecation(f.Description, f.Deprecated))
		}
		for _, f := range ev.Fields {
			if len(f.Values) == 0 {
				continue
			}
			what := "Values"
			if f.T.Shape == registry.ListShape {
				what = "Element values"
			}
			w("\n%s of `%s` (closed set):\n\n| Value | Description |\n|---|---|\n", what, f.Name)
			for _, v := range f.Values {
				w("| `%s` | %s |\n", v.Value, mdEscape(v.Description))
			}
		}
	}
	w("\n## Error codes\n\nCarried in the top-level `error_code` of error-severity records, and only there.\n\n| Code | Description |\n|---|---|\n")
	for _, c := range r.ErrorCodes {
		w("| `%s` | %s |\n", c.Code, withDeprecation(c.Description, c.Deprecated))
	}
	w("\n## Deny list\n\nPersonal-data keys. They are never allowlisted, and the redaction filter drops them from any payload before any other rule runs:\n\n")
	var keys []string
	for _, k := range r.DenyKeys {
		keys = append(keys, "`"+k.Value+"`")
	}
	w("%s.\n", strings.Join(keys, ", "))
	return []byte(b.String())
}

// dnaRuleNote states the DNA rule (INV-OBS-4) in the header of the log
// events page; internal/dna's package doc is the definition it follows.
const dnaRuleNote = "**No sequence data, anywhere.** The redaction filter drops every string that holds sequence data, " +
	"on every path: data values, list elements, map keys and values, the phase, the run id (refused at start), span attributes and crash messages; " +
	"live-check reports it, never quoting it. The rule (`internal/dna`, INV-OBS-4): a string holds sequence data when, anywhere in it, " +
	"(1) 20 or more consecutive letters of the IUPAC nucleotide alphabet A C G T U R Y K M S W B D H V N, in either case, occur (DNA, RNA, ambiguity codes), or " +
	"(2) letters of the plain alphabet A C G T U N, in either case, adjacent or split by single separators " +
	"(space, tab, newline, carriage return, `-`, `.`, `_`, `/`, `|`, `,`, `:`, `;`; two separators in a row end the run), number 20 or more. " +
	"Before counting, Unicode format characters (category Cf: zero-width space, joiners, BOM, soft hyphen, bidi marks) and combining marks (Mn, Me) are transparent, " +
	"a character whose NFKC compatibility form is one ASCII character (fullwidth, mathematical, circled letters; no-break spaces) counts as that character, " +
	"and any other character (digits, other letters and punctuation, invalid UTF-8) breaks a run. " +
	"False positives: a 20-letter stretch of an id made only of those letters (for a random base64 id about 2.7e-7 per position, for lowercase hex about 1e-12), " +
	"and prose of 20 or more letters made only of words spelled with A C G T U N split by single spaces. " +
	"English prose, sha256 digests, UUIDs, gene and variant notation (`BRCA1`, `c.68_69delAG`, `NM_007294.4`, rsIDs), file and model names and config hashes are kept."

// genMetricDocs renders docs/api/metrics.md.
func genMetricDocs(r *registry.Registry) []byte {
	var b strings.Builder
	w := func(format string, args ...any) { fmt.Fprintf(&b, format, args...) }
	w("<!-- %s -->\n\n", header(r.MetricsFile()))
	w("# Metrics\n\n")
	w("Registry version %s: %d metrics. Each has a dotted name, used as is by OpenTelemetry export with its UCUM unit, ", r.Version, len(r.Metrics))
	w("and a Prometheus exposition name derived from it: dots become underscores, the base-unit suffix is appended ")
	w("(`_seconds` for durations recorded in ms, `_bytes`) unless the name already ends with it, and counters end in `_total`. ")
	w("Values recorded in ms are divided by 1000 on exposition; histogram bucket bounds likewise. %s\n\n", wandbMetricsNote)
	w("| Name | Prometheus name | Kind | Unit | OTel unit | Labels | Description |\n|---|---|---|---|---|---|---|\n")
	for _, m := range r.Metrics {
		var ls []string
		for _, l := range m.Labels {
			ls = append(ls, "`"+l.Name+"`")
		}
		w("| [`%s`](#%s) | `%s` | %s | %s | `%s` | %s | %s |\n", m.Name, anchor(m.Name), m.PromName, m.Kind, m.Unit, m.U.UCUM, orDash(strings.Join(ls, ", ")), withDeprecation(m.Description, m.Deprecated))
	}
	for _, m := range r.Metrics {
		w("\n## %s\n\n%s\n\n", m.Name, mdEscape(m.Description))
		if m.Deprecated != nil {
			w("> **%s**\n\n", mdEscape(deprecatedNote(m.Deprecated)))
		}
		w("- Kind: %s\n- Unit: %s (OpenTelemetry `%s`)\n- Prometheus: `%s`\n- Stability: %s, since %s\n", m.Kind, m.Unit, m.U.UCUM, m.PromName, m.Stability, m.Since)
		if m.RenamedFrom != "" {
			w("- Renamed from: `%s`\n", m.RenamedFrom)
		}
		if m.WandB != "" {
			w("- W&B (`-wandb-project`): %s\n", wandbMetricText(m))
		}
		if len(m.Buckets) > 0 {
			var bs, ps []string
			for _, x := range m.Buckets {
				bs = append(bs, strconv.FormatFloat(x, 'g', -1, 64))
				ps = append(ps, strconv.FormatFloat(x/m.U.Divisor, 'g', -1, 64))
			}
			w("- Buckets (%s): %s\n- Buckets as exposed (`le`, %s): %s\n", m.Unit, strings.Join(bs, ", "), orDash(m.U.Suffix), strings.Join(ps, ", "))
		}
		for _, l := range m.Labels {
			src := ""
			if l.ValuesFrom != "" {
				src = fmt.Sprintf(" (every registered %s)", strings.ReplaceAll(strings.TrimSuffix(l.ValuesFrom, "s"), "_", " "))
			}
			var vs []string
			for _, v := range l.Resolved {
				vs = append(vs, "`"+v+"`")
			}
			w("- Label `%s`: %s%s. Values: %s\n", l.Name, strings.TrimSuffix(mdEscape(l.Description), "."), src, strings.Join(vs, ", "))
		}
	}
	return []byte(b.String())
}

func samplingText(ev *registry.Event) string {
	switch {
	case ev.Sampling == nil:
		return "none"
	case ev.Sampling.Every != "":
		return "1 / log_every steps"
	}
	return fmt.Sprintf("1 / %d", ev.Sampling.OneIn)
}

func stabilityText(s string, d *registry.Deprecation) string {
	if d != nil {
		return s + ", deprecated"
	}
	return s
}

// withDeprecation puts the deprecation note, in bold, before a table
// cell's description, so a reader of any table sees it.
func withDeprecation(desc string, d *registry.Deprecation) string {
	if d == nil {
		return mdEscape(desc)
	}
	return "**" + mdEscape(deprecatedNote(d)) + "** " + mdEscape(desc)
}

func anchor(name string) string { return strings.ReplaceAll(name, ".", "") }

func mdEscape(s string) string { return strings.ReplaceAll(s, "|", `\|`) }

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

// recordFieldsTable lists the record's top-level fields (the core's
// record_fields).
func recordFieldsTable(w func(string, ...any), r *registry.Registry) {
	w("## Record fields\n\n")
	w("The top-level fields of every record (core registry %s). ", r.CoreVersion)
	w("`rank`, `world_size` and `local_rank` appear only in a multi-process run (world size above 1); a single-process run's records do not carry them.\n\n")
	w("| Field | Type | Required | Minimum | Since | Meaning |\n|---|---|---|---|---|---|\n")
	for _, f := range r.RecordFields {
		min := "-"
		if f.Min != nil {
			min = strconv.Itoa(*f.Min)
		}
		w("| `%s` | %s | %s | %s | %s | %s |\n", f.Name, f.Type, yesNo(f.Required), min, orDash(f.Since), mdEscape(f.Description))
	}
	w("\n## Events\n\n")
}
