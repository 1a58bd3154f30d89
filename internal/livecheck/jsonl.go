package livecheck

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"strconv"
)

// checkJSONL streams a log: one reusable read buffer, and a second one
// only for lines longer than it, up to MaxLine.
func (c *Checker) checkJSONL(name string, f *os.File) (FileStat, error) {
	st := FileStat{Name: name}
	br := bufio.NewReaderSize(f, 1<<20)
	lineNo := 0
	for {
		line, err := br.ReadSlice('\n')
		st.Bytes += int64(len(line))
		over := false
		if errors.Is(err, bufio.ErrBufferFull) {
			line, over, err = c.longLine(br, line, &st)
		}
		if len(line) > 0 || over {
			lineNo++
			switch {
			case over:
				c.report(name+":"+strconv.Itoa(lineNo), Malformed, "line longer than %d bytes, not checked", c.opts.MaxLine)
			case len(bytes.TrimSpace(line)) > 0:
				st.Records++
				c.record(name, lineNo, line)
			case len(bytes.Trim(line, " \n")) == 0:
				st.Padding++ // the runtime's marker line (sink/batch.go)
			default:
				c.report(name+":"+strconv.Itoa(lineNo), Malformed, "blank line of other white space than the runtime's padding (spaces)")
			}
		}
		if err == io.EOF {
			return st, nil
		}
		if err != nil {
			return st, err
		}
	}
}

// longLine gathers a line that did not fit the read buffer. A line beyond
// MaxLine is read to its end but not kept: over reports it.
func (c *Checker) longLine(br *bufio.Reader, first []byte, st *FileStat) (line []byte, over bool, err error) {
	c.long = append(c.long[:0], first...)
	for {
		more, err := br.ReadSlice('\n')
		st.Bytes += int64(len(more))
		if !over {
			if len(c.long)+len(more) > c.opts.MaxLine {
				over = true
				c.long = c.long[:0]
			} else {
				c.long = append(c.long, more...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		if over {
			return nil, true, err
		}
		return c.long, false, err
	}
}
