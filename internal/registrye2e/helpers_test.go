package registrye2e_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"go.opentelemetry.io/collector/pdata/pcommon"
	"go.opentelemetry.io/collector/pdata/plog"
	"go.opentelemetry.io/collector/pdata/plog/plogotlp"
	"go.opentelemetry.io/collector/pdata/pmetric"
	"go.opentelemetry.io/collector/pdata/pmetric/pmetricotlp"
	"go.opentelemetry.io/collector/pdata/ptrace"
	"go.opentelemetry.io/collector/pdata/ptrace/ptraceotlp"
	"google.golang.org/grpc"
	"google.golang.org/grpc/credentials/insecure"

	"github.com/genolewm/obs/generated/events"
	"github.com/genolewm/obs/internal/collectortest"
	"github.com/genolewm/obs/internal/dna"
	"github.com/genolewm/obs/internal/dna/dnatest"
)

const exportTimeout = 30 * time.Second

// registry starts a collector with the registry processor in mode.
func registry(t *testing.T, mode string) *collectortest.Collector {
	t.Helper()
	return collectortest.Start(t, collectortest.Options{Registry: map[string]any{"mode": mode}})
}

// client sends pdata to a collector over OTLP/gRPC, as any SDK does.
type client struct {
	t    *testing.T
	conn *grpc.ClientConn
}

func dial(t *testing.T, c *collectortest.Collector) *client {
	t.Helper()
	conn, err := grpc.NewClient(c.Addr, grpc.WithTransportCredentials(insecure.NewCredentials()))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return &client{t: t, conn: conn}
}

func (c *client) logs(ld plog.Logs) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	if _, err := plogotlp.NewGRPCClient(c.conn).Export(ctx, plogotlp.NewExportRequestFromLogs(ld)); err != nil {
		c.t.Fatalf("logs export: %v", err)
	}
}

func (c *client) traces(td ptrace.Traces) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	if _, err := ptraceotlp.NewGRPCClient(c.conn).Export(ctx, ptraceotlp.NewExportRequestFromTraces(td)); err != nil {
		c.t.Fatalf("traces export: %v", err)
	}
}

func (c *client) metrics(md pmetric.Metrics) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), exportTimeout)
	defer cancel()
	if _, err := pmetricotlp.NewGRPCClient(c.conn).Export(ctx, pmetricotlp.NewExportRequestFromMetrics(md)); err != nil {
		c.t.Fatalf("metrics export: %v", err)
	}
}

// leaks lists what must never reach an exporter and did: a string holding
// DNA (by the rule, and any disguise of the corpus verbatim), or a
// personal-data key, anywhere in what the collector wrote.
func leaks(out collectortest.Output) []string {
	var found []string
	deny := map[string]bool{}
	for _, k := range events.Registry().DenyKeys() {
		deny[k] = true
	}
	var walk func(where string, v any)
	walk = func(where string, v any) {
		switch x := v.(type) {
		case string:
			if dna.Has(x) {
				found = append(found, where+": a DNA run")
			}
			for name, d := range dnatest.MustDrop {
				if strings.Contains(x, d) {
					found = append(found, where+": the disguise "+name)
				}
			}
		case []byte:
			found = append(found, where+": bytes")
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", where, i), e)
			}
		case map[string]any:
			for k, e := range x {
				if deny[strings.ToLower(k)] {
					found = append(found, where+": the deny-listed key "+k)
				}
				walk(where+"."+k, k)
				walk(where+"."+k, e)
			}
		}
	}
	for i, r := range out.LogRecords() {
		at := fmt.Sprintf("log record %d", i)
		walk(at+" resource", r.Resource)
		walk(at+" scope", r.Scope.Attributes)
		walk(at+" scope name", r.Scope.Name)
		walk(at+" body", r.Body)
		walk(at+" attributes", r.Attributes)
		walk(at+" severity text", r.SeverityText)
	}
	for i, s := range out.Spans() {
		at := fmt.Sprintf("span %d", i)
		walk(at+" resource", s.Resource)
		walk(at+" attributes", s.Attributes)
		walk(at+" status", s.StatusText)
		for _, e := range s.Events {
			walk(at+" event "+e.Name, e.Attributes)
		}
		for _, l := range s.Links {
			walk(at+" link", l.Attributes)
		}
	}
	for i, p := range out.MetricPoints() {
		at := fmt.Sprintf("point %d (%s)", i, p.Name)
		walk(at+" resource", p.Resource)
		walk(at+" attributes", p.Attributes)
		walk(at+" description", p.Description)
	}
	return found
}

// anyJSON writes a value as OTLP/JSON's AnyValue, the plan format of
// tools/otlpjs/producer.mjs.
func anyJSON(v pcommon.Value) map[string]any {
	switch v.Type() {
	case pcommon.ValueTypeStr:
		return map[string]any{"stringValue": v.Str()}
	case pcommon.ValueTypeInt:
		return map[string]any{"intValue": fmt.Sprint(v.Int())}
	case pcommon.ValueTypeDouble:
		return map[string]any{"doubleValue": v.Double()}
	case pcommon.ValueTypeBool:
		return map[string]any{"boolValue": v.Bool()}
	case pcommon.ValueTypeBytes:
		return map[string]any{"bytesValue": v.Bytes().AsRaw()} // encoding/json writes base64
	case pcommon.ValueTypeSlice:
		vals := []any{}
		for _, e := range v.Slice().All() {
			vals = append(vals, anyJSON(e))
		}
		return map[string]any{"arrayValue": map[string]any{"values": vals}}
	case pcommon.ValueTypeMap:
		return map[string]any{"kvlistValue": map[string]any{"values": kvJSON(v.Map())}}
	}
	return map[string]any{}
}

func kvJSON(m pcommon.Map) []any {
	kvs := []any{}
	for k, v := range m.All() {
		kvs = append(kvs, map[string]any{"key": k, "value": anyJSON(v)})
	}
	return kvs
}

func kvs(raw map[string]any) []any {
	m := pcommon.NewMap()
	if err := m.FromRaw(raw); err != nil {
		panic(err)
	}
	return kvJSON(m)
}
