package vm

import (
	"context"
	"io"

	"cpu32/cpu"
)

// ctxReader is the machine's input as the interpreter reads it. Each read
// of the underlying reader runs on a goroutine of its own, so that Run's
// context can end a wait the program is blocked in (a pipe or a terminal
// that has nothing yet): the read then says cpu.ErrNoInput, the rdn or rdc
// does not run, Run returns its StoppedError, and a later Run goes on with
// the same read's result once it comes.
type ctxReader struct {
	r       io.Reader
	ctx     context.Context // the running Run's; Background between runs
	buf     []byte          // the one read under way writes here
	pending chan readResult // that read's result, or nil
	rest    []byte          // what a result held beyond the caller's buffer
}

type readResult struct {
	n   int
	err error
}

func newCtxReader(r io.Reader) *ctxReader {
	return &ctxReader{r: r, ctx: context.Background()}
}

// Read returns what the underlying reader gives, or cpu.ErrNoInput when
// the context is done first.
func (c *ctxReader) Read(p []byte) (int, error) {
	if len(c.rest) > 0 {
		n := copy(p, c.rest)
		c.rest = c.rest[n:]
		return n, nil
	}
	if c.pending == nil {
		if cap(c.buf) < len(p) {
			c.buf = make([]byte, len(p))
		}
		buf, ch := c.buf[:len(p)], make(chan readResult, 1)
		go func() {
			// A panic on this goroutine would end the process, out of
			// Run's reach: it is a failed read instead.
			defer func() {
				if r := recover(); r != nil {
					ch <- readResult{0, cpu.Recovered(r)}
				}
			}()
			n, err := c.r.Read(buf)
			ch <- readResult{n, err}
		}()
		c.pending = ch
	}
	select {
	case res := <-c.pending:
		c.pending = nil
		n := copy(p, c.buf[:res.n])
		c.rest = c.buf[n:res.n]
		return n, res.err
	case <-c.ctx.Done():
		return 0, cpu.ErrNoInput
	}
}
