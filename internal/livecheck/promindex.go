package livecheck

import (
	"bytes"
	"sort"
	"strconv"
	"strings"
)

// promIndex maps what expfmt parsed back to lines: expfmt keeps no
// positions, and it neither detects duplicate series nor keeps a
// sample's order. The index reads each line just far enough to know its
// metric and labels.
type promIndex struct {
	family map[string]int // family name to its first line
	series map[string]int // seriesKey (without le) to its first line
	dups   []promDup
}

type promDup struct {
	line, first int
	name        string
}

func indexProm(data []byte) *promIndex {
	idx := &promIndex{family: map[string]int{}, series: map[string]int{}}
	typ := map[string]string{}
	samples := map[string]int{}
	for n, line := range bytes.Split(data, []byte("\n")) {
		lineNo := n + 1
		l := strings.TrimSpace(string(line))
		if l == "" {
			continue
		}
		if strings.HasPrefix(l, "#") {
			f := strings.Fields(l)
			if len(f) >= 3 && (f[1] == "TYPE" || f[1] == "HELP") {
				if _, ok := idx.family[f[2]]; !ok {
					idx.family[f[2]] = lineNo
				}
				if f[1] == "TYPE" && len(f) >= 4 {
					typ[f[2]] = f[3]
				}
			}
			continue
		}
		name, labels, ok := parseSampleHead(l)
		if !ok {
			continue // expfmt reports the syntax error
		}
		fam := name
		for _, suf := range []string{"_bucket", "_sum", "_count"} {
			if base, cut := strings.CutSuffix(name, suf); cut && (typ[base] == "histogram" || typ[base] == "summary") {
				fam = base
			}
		}
		if _, ok := idx.family[fam]; !ok {
			idx.family[fam] = lineNo
		}
		full := name + "\xff" + canonical(labels, "")
		if first, ok := samples[full]; ok {
			idx.dups = append(idx.dups, promDup{lineNo, first, name})
		} else {
			samples[full] = lineNo
		}
		key := seriesKey(fam, labels)
		if _, ok := idx.series[key]; !ok {
			idx.series[key] = lineNo
		}
	}
	return idx
}

// seriesKey identifies a series of a family by its labels, le excluded so
// that all lines of one histogram share a key.
func seriesKey(fam string, labels [][2]string) string {
	return fam + "\xff" + canonical(labels, "le")
}

func canonical(labels [][2]string, skip string) string {
	var parts []string
	for _, l := range labels {
		if l[0] != skip {
			parts = append(parts, l[0]+"="+l[1])
		}
	}
	sort.Strings(parts)
	return strings.Join(parts, "\xfe")
}

// parseSampleHead reads `name{a="x",b="y"}` at the start of a sample line.
func parseSampleHead(l string) (name string, labels [][2]string, ok bool) {
	i := strings.IndexAny(l, "{ \t")
	if i < 0 {
		return "", nil, false
	}
	name = l[:i]
	if l[i] != '{' {
		return name, nil, true
	}
	rest := l[i+1:]
	for {
		rest = strings.TrimLeft(rest, " \t")
		if strings.HasPrefix(rest, "}") {
			return name, labels, true
		}
		eq := strings.IndexByte(rest, '=')
		if eq < 0 {
			return "", nil, false
		}
		ln := strings.TrimSpace(rest[:eq])
		rest = strings.TrimLeft(rest[eq+1:], " \t")
		if !strings.HasPrefix(rest, `"`) {
			return "", nil, false
		}
		// Find the closing quote, skipping escapes.
		end := -1
		for j := 1; j < len(rest); j++ {
			if rest[j] == '\\' {
				j++
				continue
			}
			if rest[j] == '"' {
				end = j
				break
			}
		}
		if end < 0 {
			return "", nil, false
		}
		v, err := strconv.Unquote(rest[:end+1])
		if err != nil {
			v = rest[1:end]
		}
		labels = append(labels, [2]string{ln, v})
		rest = strings.TrimLeft(rest[end+1:], " \t")
		rest = strings.TrimPrefix(rest, ",")
	}
}
