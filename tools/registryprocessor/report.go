package registryprocessor

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"sync"
	"time"

	"go.uber.org/zap"

	"github.com/genolewm/obs/internal/otlprules"
)

// reporter writes report mode's live-check report: every interval while
// the collector runs, and once more at shutdown, each time whole (a
// temporary file in the same folder, then a rename), so that a reader
// never sees half a report and a planted symlink at the path is replaced,
// never followed.
type reporter struct {
	cfg    ReportConfig
	report *otlprules.TrafficReport
	logger *zap.Logger

	stop chan struct{}
	done chan struct{}
	once sync.Once
	mu   sync.Mutex // one write at a time
}

func newReporter(cfg ReportConfig, t *otlprules.Table, logger *zap.Logger) *reporter {
	return &reporter{cfg: cfg, report: otlprules.NewTrafficReport(t, cfg.MaxFindings), logger: logger,
		stop: make(chan struct{}), done: make(chan struct{})}
}

// start writes a first (empty) report, so that a wrong path fails the
// collector's start-up rather than its shutdown, and starts the ticker.
func (r *reporter) start() error {
	if err := r.write(); err != nil {
		return err
	}
	go r.loop()
	return nil
}

func (r *reporter) loop() {
	defer close(r.done)
	if r.cfg.Interval <= 0 {
		<-r.stop
		return
	}
	tick := time.NewTicker(r.cfg.Interval)
	defer tick.Stop()
	for {
		select {
		case <-r.stop:
			return
		case <-tick.C:
			if err := r.write(); err != nil {
				r.logger.Warn("genolewm_registry: the live-check report could not be written", zap.Error(err))
			}
		}
	}
}

// shutdown stops the ticker and writes the final report.
func (r *reporter) shutdown(ctx context.Context) error {
	r.once.Do(func() { close(r.stop) })
	select {
	case <-r.done:
	case <-ctx.Done():
		return ctx.Err()
	}
	return r.write()
}

func (r *reporter) write() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	rep := r.report.Snapshot(r.cfg.FullCoverage)
	var buf bytes.Buffer
	var err error
	if r.cfg.Format == "json" {
		err = rep.WriteJSON(&buf)
	} else {
		err = rep.WriteText(&buf)
	}
	if err != nil {
		return err
	}
	return replaceFile(r.cfg.Path, buf.Bytes())
}

// replaceFile writes data to path through a new file in the same folder
// and a rename.
func replaceFile(path string, data []byte) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, ".genolewm-report-*")
	if err != nil {
		return errors.New("genolewm_registry: report.path: cannot create a file in its folder (" + errText(err) + "); use a writable folder")
	}
	_, werr := tmp.Write(data)
	cerr := tmp.Close()
	if werr != nil || cerr != nil {
		_ = os.Remove(tmp.Name())
		return errors.New("genolewm_registry: report.path: writing the report failed: " + errText(errors.Join(werr, cerr)))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		_ = os.Remove(tmp.Name())
		return errors.New("genolewm_registry: report.path: cannot replace the report (" + errText(err) + ")")
	}
	return nil
}

// errText is an error's cause without the path it may quote.
func errText(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	var le *os.LinkError
	if errors.As(err, &le) {
		return le.Err.Error()
	}
	return err.Error()
}
