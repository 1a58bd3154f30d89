package analysisutil

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseNames(t *testing.T) {
	const data = `{"version":"0.1.0","events":[{"name":"app.job.start","severity":"info"},{"name":"app.job.failed","severity":"error","codes":["AppError.Failed"]}],"metrics":[{"name":"app.jobs.done","kind":"counter"}],"error_codes":["AppError.Failed"],"future":1}`
	n, err := ParseNames(data, "registry of example.com/app/events")
	if err != nil {
		t.Fatal(err)
	}
	if got := n.EventNames(); !reflect.DeepEqual(got, []string{"app.job.failed", "app.job.start"}) {
		t.Errorf("events %v", got)
	}
	if ev := n.Events["app.job.failed"]; ev.Severity != "error" || !ev.Codes["AppError.Failed"] || len(ev.Codes) != 1 {
		t.Errorf("app.job.failed: %+v", ev)
	}
	if m := n.Metrics["app.jobs.done"]; m == nil || m.Kind != "counter" {
		t.Errorf("metric: %+v", m)
	}
	if !n.ErrorCodes["AppError.Failed"] || n.Source != "registry of example.com/app/events" {
		t.Errorf("codes %v, source %q", n.ErrorCodes, n.Source)
	}
	for _, bad := range []string{`{`, `{"events":[{"severity":"info"}]}`, `{"metrics":[{"kind":"gauge"}]}`} {
		if _, err := ParseNames(bad, "x"); err == nil || !strings.Contains(err.Error(), RegistryConst) {
			t.Errorf("ParseNames(%s): %v", bad, err)
		}
	}
}
