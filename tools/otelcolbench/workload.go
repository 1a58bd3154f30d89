package main

import (
	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
)

// workload is one OTLP request of n log records: the mix described in
// main.go's comment, in a fixed order.
func workload(n int) plog.Logs {
	ld := plog.NewLogs()
	rl := ld.ResourceLogs().AppendEmpty()
	res := rl.Resource().Attributes()
	res.PutStr("service.name", "trainer")
	res.PutStr("run_id", "run-2026-05-20-h100-0")
	res.PutInt("rank", 3)
	res.PutInt("world_size", 8)
	sl := rl.ScopeLogs().AppendEmpty()
	sl.Scope().SetName("github.com/genolewm/obs")
	for i := 0; i < n; i++ {
		lr := sl.LogRecords().AppendEmpty()
		lr.SetTimestamp(pcommon.Timestamp(1_779_278_400_000_000_000 + int64(i)))
		a := lr.Attributes()
		switch i % 4 {
		case 0:
			record(lr, "training.step", plog.SeverityNumberDebug, "debug")
			a.PutInt("genolewm.step", int64(i))
			a.PutDouble("loss_pred", 0.4213)
			a.PutDouble("loss_reg", 0.0121)
			a.PutDouble("lr", 3e-4)
			a.PutDouble("grad_norm", 1.7)
			a.PutInt("batch_size", 256)
			a.PutInt("tokens", 262144)
			a.PutDouble("throughput", 812.5)
		case 1:
			record(lr, "inference.score.end", plog.SeverityNumberDebug, "debug")
			a.PutStr("variant_id", "v1:9f86d081884c7d659a2feaa0c55ad015")
			a.PutStr("pathogenicity", "likely_benign")
			a.PutStr("consequence", "missense")
			a.PutDouble("score", 0.12)
			a.PutDouble("latency_ms", 3.4)
			a.PutInt("genolewm.duration_ms", 3)
		case 2:
			record(lr, "data.cache.hit", plog.SeverityNumberDebug, "debug")
			a.PutStr("cache", "encoded_windows")
			a.PutStr("key_hash", "2c26b46b68ffc68f")
		case 3:
			record(lr, "training.metric", plog.SeverityNumberInfo, "info")
			a.PutStr("metric", "val_auroc")
			a.PutDouble("value", 0.913)
			a.PutStr("genolewm.phase", "phase2")
		}
		switch i % 20 {
		case 7:
			a.PutStr("sample_id", "NA12878")
		case 13:
			a.PutStr("note", "read GATTACAGCTTGACCGTANGCATG")
		}
	}
	return ld
}

func record(lr plog.LogRecord, event string, sev plog.SeverityNumber, text string) {
	lr.SetEventName(event)
	lr.SetSeverityNumber(sev)
	lr.SetSeverityText(text)
	lr.Body().SetStr(event)
}
