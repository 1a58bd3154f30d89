// Package logfile writes the run's log file itself, around the filter,
// and writes other files, which is fine.
package logfile

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/genolewm/obs/runtime/observe"
)

func direct(s *observe.Session) {
	_, _ = os.OpenFile(s.LogPath, os.O_APPEND|os.O_WRONLY, 0) // want `os.OpenFile on the run's log file bypasses the redaction filter \(INV-OBS-3\)`
	_ = os.WriteFile(s.LogPath, nil, 0o644)                   // want `os.WriteFile on the run's log file`
	path := s.LogPath
	_ = os.Truncate(path, 0)                                      // want `os.Truncate on the run's log file`
	_, _ = os.Open(s.LogPath)                                     // ok: reading
	_, _ = os.OpenFile(s.LogPath, os.O_RDONLY, 0)                 // ok: reading
	_, _ = os.Create(filepath.Join(filepath.Dir(s.LogPath), "x")) // ok: another file beside it
}

func rebuilt(cfg observe.Config, l observe.Logger, flag int) {
	p := filepath.Join(cfg.LogDir, cfg.RunID+".jsonl")
	_, _ = os.Create(p) // want `os.Create on the run's log file`
	name := l.RunID()
	name += ".jsonl"
	_, _ = os.OpenFile(filepath.Join(cfg.LogDir, name), flag, 0)                                      // want `os.OpenFile on the run's log file`
	_, _ = os.OpenFile(fmt.Sprintf("%s/%s.jsonl", cfg.LogDir, cfg.RunID), os.O_WRONLY|os.O_APPEND, 0) // want `os.OpenFile on the run's log file`
	_, _ = os.Create(logFile(cfg))                                                                    // want `os.Create on the run's log file`
	_ = os.Rename("/tmp/forged.jsonl", p)                                                             // want `os.Rename on the run's log file`

	// Other files, in the log directory or named by the run id: fine.
	_, _ = os.Create(filepath.Join(cfg.LogDir, cfg.RunID+".pprof"))
	_, _ = os.Create(filepath.Join(cfg.LogDir, "notes.txt"))
	_, _ = os.Create(filepath.Join(os.TempDir(), cfg.RunID+".jsonl"))
	_ = os.Rename(p, "/tmp/copy.jsonl") // moving it away: not a write of it
}

func logFile(c observe.Config) string { return filepath.Join(c.LogDir, c.RunID+".jsonl") }
