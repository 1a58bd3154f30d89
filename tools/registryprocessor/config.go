package registryprocessor

import (
	"errors"
	"strings"
	"time"

	"github.com/genolewm/obs/internal/otlprules"
)

// Config is the processor's configuration.
//
//	processors:
//	  genolewm_registry:
//	    mode: strict                       # strict | lenient | report
//	    event_name_attribute: event.name   # read when a log record's EventName is empty; "" to read EventName only
//	    events_file: ""                    # with metrics_file: enforce these registry files instead of
//	    metrics_file: ""                   # the registry compiled into the binary (generated/events)
//	    report:                            # mode report only
//	      path: /var/tmp/live-check.txt    # the live-check report, rewritten whole
//	      format: text                     # text | json
//	      interval: 10s                    # also written at shutdown; 0: at shutdown only
//	      max_findings: 1000
//	      full_coverage: false             # registered items never seen are violations
type Config struct {
	Mode               string       `mapstructure:"mode"`
	EventNameAttribute string       `mapstructure:"event_name_attribute"`
	EventsFile         string       `mapstructure:"events_file"`
	MetricsFile        string       `mapstructure:"metrics_file"`
	Report             ReportConfig `mapstructure:"report"`
}

// ReportConfig says where and how report mode writes its live-check
// report.
type ReportConfig struct {
	Path         string        `mapstructure:"path"`
	Format       string        `mapstructure:"format"`
	Interval     time.Duration `mapstructure:"interval"`
	MaxFindings  int           `mapstructure:"max_findings"`
	FullCoverage bool          `mapstructure:"full_coverage"`
}

func createDefaultConfig() *Config {
	return &Config{
		Mode:               otlprules.Strict.String(),
		EventNameAttribute: "event.name",
		Report:             ReportConfig{Format: "text", Interval: 10 * time.Second, MaxFindings: 1000},
	}
}

// Validate checks the configuration. Its errors name the setting and what
// to write instead, never the value that was refused.
func (c *Config) Validate() error {
	mode, err := otlprules.ParseMode(c.Mode)
	if err != nil {
		return errors.New("mode: " + err.Error())
	}
	var errs []error
	if (c.EventsFile == "") != (c.MetricsFile == "") {
		errs = append(errs, errors.New("events_file and metrics_file: set both (a registry is its two files) or neither (the registry compiled into the collector)"))
	}
	if len(c.EventNameAttribute) > 256 {
		errs = append(errs, errors.New("event_name_attribute: at most 256 bytes"))
	}
	if strings.HasPrefix(c.EventNameAttribute, otlprules.TopPrefix) {
		errs = append(errs, errors.New("event_name_attribute: the "+otlprules.TopPrefix+"* attributes are a record's top-level fields; name another (event.name, say)"))
	}
	r := c.Report
	if mode == otlprules.Report {
		if r.Path == "" {
			errs = append(errs, errors.New("report.path: mode report needs a file to write its live-check report to"))
		}
		if r.Format != "text" && r.Format != "json" {
			errs = append(errs, errors.New("report.format: use text or json"))
		}
		if r.Interval < 0 || r.Interval > 0 && r.Interval < 100*time.Millisecond {
			errs = append(errs, errors.New("report.interval: 0 (at shutdown only) or at least 100ms"))
		}
		if r.MaxFindings < 1 {
			errs = append(errs, errors.New("report.max_findings: at least 1"))
		}
	} else if r.Path != "" || r.FullCoverage {
		errs = append(errs, errors.New("report: applies to mode report only; remove it, or set mode: report"))
	}
	return errors.Join(errs...)
}
