package sink

import (
	"sync"
	"time"
)

// Progress is what callers holding a mutex wait on, each until a deadline,
// for a writer goroutine to make progress: the file sinks' bounded waits
// (File, and the W&B sink's writer). The zero value is ready. Its channel
// is made only when someone waits, so that a writer's steady state
// allocates nothing.
type Progress struct {
	ch      chan struct{}
	waiters int
}

// Wait waits, with mu held on entry and on return, until Signal or the
// deadline; it returns false on the deadline.
func (p *Progress) Wait(mu *sync.Mutex, deadline time.Time) bool {
	left := time.Until(deadline)
	if left <= 0 {
		return false
	}
	if p.ch == nil {
		p.ch = make(chan struct{})
	}
	ch := p.ch
	p.waiters++
	mu.Unlock()
	t := time.NewTimer(left)
	ok := true
	select {
	case <-ch:
	case <-t.C:
		ok = false
	}
	t.Stop()
	mu.Lock()
	p.waiters--
	return ok
}

// Signal wakes every waiter; the mutex is held. Waiters already woken
// but not yet back under the mutex still count in waiters: their channel
// is gone, and the next Wait makes a new one.
func (p *Progress) Signal() {
	if p.waiters > 0 && p.ch != nil {
		close(p.ch)
		p.ch = nil
	}
}
