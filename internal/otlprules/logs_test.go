package otlprules_test

import (
	"reflect"
	"slices"
	"testing"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"

	"github.com/genolewm/obs/internal/otlprules"
)

var metricRecord = map[string]any{"metric": "val_auroc", "value": 0.91}

func TestRegisteredRecordPassesIntact(t *testing.T) {
	for _, mode := range []otlprules.Mode{otlprules.Strict, otlprules.Lenient, otlprules.Report} {
		ld, lr := logRecord("training.run.start", plog.SeverityNumberInfo, map[string]any{
			"model": "genolewm-base", "config_hash": "9f86d081", "seed": int64(7), "precision": "bf16", "tags": []any{"a", "b"},
			"genolewm.step": int64(12), "genolewm.phase": "phase2",
		})
		lr.Body().SetStr("training.run.start")
		lr.SetSeverityText("INFO")
		want := plog.NewLogs()
		ld.CopyTo(want)
		obs := &findings{}
		engine(t, mode).Logs(ld, obs)
		if len(obs.list) != 0 || !reflect.DeepEqual(ld, want) {
			t.Errorf("%s: findings %v; records %v", mode, obs, raw(records(ld)[0].Attributes()))
		}
		if !slices.Equal(obs.seen[otlprules.Logs], []int{0}) {
			t.Errorf("%s: seen %v, want event 0", mode, obs.seen)
		}
	}
}

func TestEventNameFromAttribute(t *testing.T) {
	ld, _ := logRecord("", plog.SeverityNumberInfo, map[string]any{"event.name": "training.metric", "metric": "m", "value": 1.0})
	obs := &findings{}
	engine(t, otlprules.Strict).Logs(ld, obs)
	if len(obs.list) != 0 || len(records(ld)) != 1 || records(ld)[0].Attributes().Len() != 3 {
		t.Errorf("findings %v, records %d", obs, len(records(ld)))
	}
	// The attribute naming another event than EventName is data, and
	// not registered data.
	ld, lr := logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"event.name": "eval.run.end", "metric": "m", "value": 1.0})
	obs = &findings{}
	engine(t, otlprules.Lenient).Logs(ld, obs)
	if _, ok := lr.Attributes().Get("event.name"); ok || obs.String() != "allowlist attribute" {
		t.Errorf("findings %v, attributes %v", obs, raw(lr.Attributes()))
	}
}

func TestUnregisteredRefusedInEveryEnforcingMode(t *testing.T) {
	for mode, kept := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 0, otlprules.Report: 1} {
		ld, _ := logRecord("app.started", plog.SeverityNumberInfo, nil)
		obs := &findings{}
		engine(t, mode).Logs(ld, obs)
		if len(records(ld)) != kept || obs.list[0].Rule != otlprules.RuleUnregistered || obs.list[0].Item != -1 {
			t.Errorf("%s: %d records kept, findings %v", mode, len(records(ld)), obs)
		}
		if mode == otlprules.Strict && ld.ResourceLogs().Len() != 0 {
			t.Error("an empty resource was kept")
		}
	}
}

func TestSeverity(t *testing.T) {
	cases := []struct {
		event string
		num   plog.SeverityNumber
		text  string
		ok    bool
	}{
		{"training.metric", plog.SeverityNumberInfo, "", true},
		{"training.metric", plog.SeverityNumberInfo4, "info", true},
		{"training.metric", plog.SeverityNumberWarn, "", false},
		{"training.metric", plog.SeverityNumberInfo, "WARN", false},
		{"training.metric", plog.SeverityNumberUnspecified, "INFO", false},
		{"training.collapse.alert", plog.SeverityNumberWarn, "WARNING", true},
		{"training.step", plog.SeverityNumberDebug, "DEBUG", true},
		{"training.step", plog.SeverityNumberTrace, "", false},
	}
	for _, c := range cases {
		data := map[string]any{"metric": "m", "value": 1.0, "criterion": "kl_reg", "threshold": 1.0, "loss_pred": 1.0}
		ld, lr := logRecord(c.event, c.num, nil)
		lr.SetSeverityText(c.text)
		e := engine(t, otlprules.Lenient)
		// Keep only the keys of the event, so that severity alone decides.
		_ = lr.Attributes().FromRaw(data)
		obs := &findings{}
		e.Logs(ld, obs)
		if got := slices.Contains(obs.rules(), "refused:severity"); got == c.ok {
			t.Errorf("%s %v %q: findings %v", c.event, c.num, c.text, obs)
		}
	}
}

func TestKeyRulesStrictAndLenient(t *testing.T) {
	cases := []struct {
		name string
		key  string
		val  any
		rule string
	}{
		{"deny", "sample_id", "NA12878", "deny attribute"},
		{"deny upper", "Sample_ID", "NA12878", "deny attribute"},
		{"unknown", "hostname", "gpu-7", "allowlist attribute"},
		{"dna", "metric", seq, "dna attribute"},
		{"type", "value", "high", "type attribute"},
		{"bytes", "metric", []byte("x"), "type attribute"},
		{"top dna", "genolewm.phase", seq, "dna top-level attribute"},
		{"top not plain", "genolewm.phase", "phase 2!", "value top-level attribute"},
		{"top type", "genolewm.step", "7", "type top-level attribute"},
		{"top unknown", "genolewm.rank", int64(1), "allowlist top-level attribute"},
	}
	for _, c := range cases {
		for _, mode := range []otlprules.Mode{otlprules.Strict, otlprules.Lenient, otlprules.Report} {
			data := map[string]any{"metric": "val_auroc", "value": 0.91}
			data[c.key] = c.val
			ld, lr := logRecord("training.metric", plog.SeverityNumberInfo, data)
			obs := &findings{}
			engine(t, mode).Logs(ld, obs)
			rules := obs.rules()
			if len(rules) == 0 || rules[0] != c.rule {
				t.Errorf("%s %s: findings %v, want %s", c.name, mode, obs, c.rule)
				continue
			}
			switch mode {
			case otlprules.Strict:
				if len(records(ld)) != 0 || !slices.Contains(rules, "refused:"+obs.list[0].Rule.String()) {
					t.Errorf("%s strict: %d records, findings %v", c.name, len(records(ld)), obs)
				}
			case otlprules.Lenient:
				_, still := lr.Attributes().Get(c.key)
				if len(records(ld)) != 1 || still && c.key != "metric" && c.key != "value" {
					t.Errorf("%s lenient: records %d, attributes %v", c.name, len(records(ld)), raw(lr.Attributes()))
				}
				if v, ok := lr.Attributes().Get(c.key); ok && (v.Type() == pcommon.ValueTypeBytes || v.Str() == seq) {
					t.Errorf("%s lenient: the offending value stayed", c.name)
				}
			case otlprules.Report:
				if v, ok := lr.Attributes().Get(c.key); len(records(ld)) != 1 || !ok || v.AsRaw() == nil {
					t.Errorf("%s report: changed the record", c.name)
				}
			}
		}
	}
}

func TestMissingRequired(t *testing.T) {
	for mode, kept := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 1} {
		ld, _ := logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"metric": "m"})
		obs := &findings{}
		engine(t, mode).Logs(ld, obs)
		if len(records(ld)) != kept || obs.rules()[0] != "required attribute" || obs.list[0].Key != "value" {
			t.Errorf("%s: %d records, findings %v", mode, len(records(ld)), obs)
		}
	}
}

func TestErrorCode(t *testing.T) {
	regression := map[string]any{"benchmark": "b", "metric": "auroc", "score": 0.8, "baseline": 0.9}
	cases := []struct {
		name, event string
		sev         plog.SeverityNumber
		code        any
		ok          bool
	}{
		{"registered", "eval.regression", plog.SeverityNumberError, "EvalError.Regression", true},
		{"another event's", "eval.regression", plog.SeverityNumberError, "IOError.WriteFailed", false},
		{"missing", "eval.regression", plog.SeverityNumberError, nil, false},
		{"not a string", "eval.regression", plog.SeverityNumberError, int64(10), false},
		{"on an info record", "training.metric", plog.SeverityNumberInfo, "IOError.WriteFailed", false},
	}
	for _, c := range cases {
		data := map[string]any{"metric": "m", "value": 1.0}
		if c.event == "eval.regression" {
			data = regression
		}
		data = clone(data)
		if c.code != nil {
			data["genolewm.error_code"] = c.code
		}
		ld, _ := logRecord(c.event, c.sev, data)
		obs := &findings{}
		engine(t, otlprules.Lenient).Logs(ld, obs)
		if got := len(records(ld)) == 1; got != c.ok || !c.ok && !slices.Contains(obs.rules(), "refused:error_code") {
			t.Errorf("%s: kept %v, findings %v", c.name, got, obs)
		}
		if c.name == "missing" && !obs.list[0].Missing {
			t.Errorf("missing: the finding does not say so")
		}
	}
}

func clone(m map[string]any) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = v
	}
	return out
}

func TestBody(t *testing.T) {
	cases := []struct {
		name string
		set  func(pcommon.Value)
		rule string
	}{
		{"dna", func(v pcommon.Value) { v.SetStr("read " + seq) }, "dna body"},
		{"map", func(v pcommon.Value) { v.SetEmptyMap().PutStr("sample_id", "x") }, "type body"},
		{"list", func(v pcommon.Value) { v.SetEmptySlice().AppendEmpty().SetStr("x") }, "type body"},
		{"bytes", func(v pcommon.Value) { v.SetEmptyBytes().FromRaw([]byte("ACGT")) }, "type body"},
		{"text", func(v pcommon.Value) { v.SetStr("checkpoint written") }, ""},
		{"number", func(v pcommon.Value) { v.SetInt(3) }, ""},
	}
	for _, c := range cases {
		for mode, kept := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 1} {
			ld, lr := logRecord("training.metric", plog.SeverityNumberInfo, metricRecord)
			c.set(lr.Body())
			obs := &findings{}
			engine(t, mode).Logs(ld, obs)
			if c.rule == "" {
				if len(obs.list) != 0 || len(records(ld)) != 1 {
					t.Errorf("%s %s: findings %v", c.name, mode, obs)
				}
				continue
			}
			if len(records(ld)) != kept || obs.rules()[0] != c.rule {
				t.Errorf("%s %s: %d records, findings %v", c.name, mode, len(records(ld)), obs)
			}
			if mode == otlprules.Lenient && lr.Body().Type() != pcommon.ValueTypeEmpty {
				t.Errorf("%s lenient: body kept", c.name)
			}
		}
	}
}

func TestResourceAndScope(t *testing.T) {
	cases := []struct {
		name string
		set  func(rl plog.ResourceLogs)
		rule string
	}{
		{"resource dna", func(rl plog.ResourceLogs) { rl.Resource().Attributes().PutStr("process.command_args", "--read "+seq) }, "dna resource"},
		{"resource deny", func(rl plog.ResourceLogs) { rl.Resource().Attributes().PutStr("user_email", "a@b.c") }, "deny resource"},
		{"resource nested", func(rl plog.ResourceLogs) {
			rl.Resource().Attributes().PutEmptyMap("k8s").PutEmptySlice("args").AppendEmpty().SetStr(seq)
		}, "dna resource"},
		{"resource nested deny", func(rl plog.ResourceLogs) { rl.Resource().Attributes().PutEmptyMap("k8s").PutStr("patient_id", "p1") }, "deny resource"},
		{"resource bytes", func(rl plog.ResourceLogs) { rl.Resource().Attributes().PutEmptyBytes("blob").FromRaw([]byte("x")) }, "type resource"},
		{"resource dna key", func(rl plog.ResourceLogs) { rl.Resource().Attributes().PutStr(seq, "x") }, "dna resource"},
		{"schema url", func(rl plog.ResourceLogs) { rl.SetSchemaUrl("https://x/" + seq) }, "dna resource"},
		{"scope name", func(rl plog.ResourceLogs) { rl.ScopeLogs().At(0).Scope().SetName(seq) }, "dna scope"},
		{"scope attribute", func(rl plog.ResourceLogs) { rl.ScopeLogs().At(0).Scope().Attributes().PutStr("sequence", "x") }, "deny scope"},
	}
	for _, c := range cases {
		for mode, kept := range map[otlprules.Mode]int{otlprules.Strict: 0, otlprules.Lenient: 1, otlprules.Report: 1} {
			ld, _ := logRecord("training.metric", plog.SeverityNumberInfo, metricRecord)
			c.set(ld.ResourceLogs().At(0))
			before := plog.NewLogs()
			ld.CopyTo(before)
			obs := &findings{}
			engine(t, mode).Logs(ld, obs)
			if len(records(ld)) != kept || len(obs.list) == 0 || obs.rules()[0] != c.rule || obs.list[0].Item != -1 {
				t.Errorf("%s %s: %d records, findings %v", c.name, mode, len(records(ld)), obs)
				continue
			}
			switch mode {
			case otlprules.Lenient:
				rl := ld.ResourceLogs().At(0)
				if s := rl.Resource().Attributes().Len(); s != 1 || rl.SchemaUrl() != "" || rl.ScopeLogs().At(0).Scope().Name() == seq || rl.ScopeLogs().At(0).Scope().Attributes().Len() != 0 {
					t.Errorf("%s lenient: resource %v, url %q, scope %q", c.name, raw(rl.Resource().Attributes()), rl.SchemaUrl(), rl.ScopeLogs().At(0).Scope().Name())
				}
			case otlprules.Report:
				if !reflect.DeepEqual(ld, before) {
					t.Errorf("%s report: changed the data", c.name)
				}
			}
		}
	}
}

func TestIntForFloatBecomesDouble(t *testing.T) {
	ld, lr := logRecord("training.metric", plog.SeverityNumberInfo, map[string]any{"metric": "m", "value": int64(3)})
	engine(t, otlprules.Strict).Logs(ld, otlprules.Discard)
	if v, _ := lr.Attributes().Get("value"); len(records(ld)) != 1 || v.Type() != pcommon.ValueTypeDouble || v.Double() != 3 {
		t.Errorf("value %v", raw(lr.Attributes()))
	}
}

func TestLongStringCutAsTheFilterCuts(t *testing.T) {
	long := make([]byte, otlprules.MaxString+100)
	for i := range long {
		long[i] = 'x'
	}
	ld, lr := logRecord("eval.run.start", plog.SeverityNumberInfo, map[string]any{"benchmark": "b", "suite_version": string(long)})
	engine(t, otlprules.Strict).Logs(ld, otlprules.Discard)
	v, _ := lr.Attributes().Get("suite_version")
	if want := string(long[:otlprules.MaxString]) + "...(truncated)"; v.Str() != want {
		t.Errorf("got %d bytes, want %d", len(v.Str()), len(want))
	}
}

func TestRecordNumbersAndMixedBatch(t *testing.T) {
	ld := plog.NewLogs()
	sl := ld.ResourceLogs().AppendEmpty().ScopeLogs().AppendEmpty()
	for i, ev := range []string{"training.metric", "nope", "training.metric"} {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetEventName(ev)
		lr.SetSeverityNumber(plog.SeverityNumberInfo)
		_ = lr.Attributes().FromRaw(metricRecord)
		if i == 2 {
			lr.Attributes().PutStr("genotype", "0/1")
		}
	}
	obs := &findings{}
	engine(t, otlprules.Strict).Logs(ld, obs)
	if n := len(records(ld)); n != 1 {
		t.Fatalf("%d records kept, want 1", n)
	}
	var at []int
	for _, f := range obs.list {
		at = append(at, f.Record)
	}
	if !slices.Equal(at, []int{1, 1, 2, 2}) {
		t.Errorf("finding positions %v (%v)", at, obs)
	}
}
