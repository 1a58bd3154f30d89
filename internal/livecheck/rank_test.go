package livecheck

import (
	"slices"
	"strings"
	"testing"
)

// The rank fields of a multi-process run's records (core 1.1.0).
func TestRankFields(t *testing.T) {
	reg := defaultRegistry(t)
	const data = `"data":{"model":"m","config_hash":"abc","seed":3,"tags":["a"]}}`
	head := `{` + ts + `,"severity":"info","event":"training.run.start","run_id":"r1",`
	cases := []struct {
		name   string
		fields string
		want   []Kind
	}{
		{"single process", ``, nil},
		{"rank and world size", `"rank":3,"world_size":8,`, nil},
		{"with local rank", `"rank":3,"world_size":8,"local_rank":3,`, nil},
		{"rank alone", `"rank":3,`, []Kind{MissingField}},
		{"world size alone", `"world_size":8,`, []Kind{MissingField}},
		{"local rank alone", `"local_rank":1,`, []Kind{MissingField}},
		{"rank not below world size", `"rank":8,"world_size":8,`, []Kind{BadValue}},
		{"world size 1", `"rank":0,"world_size":1,`, []Kind{BadValue}},
		{"negative rank", `"rank":-1,"world_size":8,`, []Kind{BadValue}},
		{"string rank", `"rank":"3","world_size":8,`, []Kind{WrongType}},
		{"fractional rank", `"rank":3.5,"world_size":8,`, []Kind{WrongType}},
		{"duplicate rank", `"rank":3,"rank":4,"world_size":8,`, []Kind{DuplicateKey}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, _ := checkText(t, reg, Options{}, "r.jsonl", head+tc.fields+data+"\n")
			var got []Kind
			for _, f := range rep.Findings {
				got = append(got, f.Kind)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", rep.Findings, tc.want)
			}
		})
	}
}

// Checked against a registry whose record format has no rank fields (a
// core before 1.1.0), a record carrying them is reported, not accepted.
func TestRankFieldsOutsideOlderFormat(t *testing.T) {
	shared := defaultRegistry(t)
	reg := *shared // a copy: the default registry is shared by every test
	var kept = reg.RecordFields[:0:0]
	for _, f := range reg.RecordFields {
		if f.Name != "rank" && f.Name != "world_size" && f.Name != "local_rank" {
			kept = append(kept, f)
		}
	}
	reg.RecordFields = kept
	line := start + `"rank":3,"world_size":8,"data":{"model":"m","config_hash":"abc","seed":3,"tags":["a"]}}` + "\n"
	rep, _ := checkText(t, &reg, Options{}, "r.jsonl", line)
	if rep.Counts[UnknownKey] != 2 {
		t.Errorf("findings %v, want two unknown keys", rep.Findings)
	}
}

// A rank's metrics file carries its rank on every series; a
// single-process file carries none.
func TestRankMetricsFiles(t *testing.T) {
	reg := defaultRegistry(t)
	ranked := strings.ReplaceAll(promCounter, `{code=`, `{rank="2",code=`)
	cases := []struct {
		name, file, text string
		want             []Kind
	}{
		{"rank file", "metrics.rank-2.prom", ranked, nil},
		{"single-process file", "metrics.prom", promCounter, nil},
		{"rank file without the label", "metrics.rank-2.prom", promCounter, []Kind{MissingLabel, MissingLabel}},
		{"another rank's label", "metrics.rank-3.prom", ranked, []Kind{LabelValue, LabelValue}},
		{"rank label in metrics.prom", "metrics.prom", ranked, []Kind{UnknownLabel, UnknownLabel}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rep, _ := checkText(t, reg, Options{}, tc.file, tc.text)
			var got []Kind
			for _, f := range rep.Findings {
				got = append(got, f.Kind)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("findings %v, want %v", rep.Findings, tc.want)
			}
		})
	}
}
