package debugger

import (
	"io"
	"sync"

	"cpu32/cpu"
	"cpu32/internal/limited"
)

// Input is the program's input in a debugging session: what was given at
// the start (`cpu32 debug --input FILE`) and the lines the user types when
// the program waits for more. It keeps all of it, so that restart and
// reload read the same input again without asking; stepping back over rdn
// and forward again reads the same bytes too (the machine keeps what it
// has read). Feed and Close may be called from any goroutine.
type Input struct {
	mu     sync.Mutex
	data   []byte
	closed bool // no more: the program finds the end of the input
}

// Feed adds text to the input.
func (in *Input) Feed(text string) {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.data = append(in.data, text...)
}

// Close ends the input: once the program has read what was fed, it finds
// the end of the input (rdc gives -1, rdn faults) instead of waiting.
func (in *Input) Close() {
	in.mu.Lock()
	defer in.mu.Unlock()
	in.closed = true
}

// Closed reports whether the input has ended.
func (in *Input) Closed() bool {
	in.mu.Lock()
	defer in.mu.Unlock()
	return in.closed
}

// reader returns a new reader of the whole input from its start, for a
// machine: it says cpu.ErrNoInput when it has read everything fed so far
// and the input is not closed.
func (in *Input) reader() io.Reader { return &inputReader{in: in} }

type inputReader struct {
	in  *Input
	off int
}

// Read gives what was fed after what it gave before.
func (r *inputReader) Read(p []byte) (int, error) {
	r.in.mu.Lock()
	defer r.in.mu.Unlock()
	if r.off < len(r.in.data) {
		n := copy(p, r.in.data[r.off:])
		r.off += n
		return n, nil
	}
	if r.in.closed {
		return 0, io.EOF
	}
	return 0, cpu.ErrNoInput
}

// MaxInput bounds the input a session reads from Config.Input: it keeps
// all of it, so that step back and restart read the same bytes again.
const MaxInput = 64 << 20

// newInput makes a session's input: everything cfg.Input has, closed, or
// an open, empty input that the user feeds when cfg.Input is nil.
func newInput(r io.Reader) (*Input, error) {
	in := &Input{}
	if r != nil {
		data, err := limited.ReadAll(r, MaxInput, "a program's input")
		if err != nil {
			return nil, err
		}
		in.data, in.closed = data, true
	}
	return in, nil
}

// Input returns the session's input, which a UI feeds when the program
// waits for it (Status.Waiting).
func (s *Session) Input() *Input { return s.input }

// FeedInput adds a line the user typed to the input: text and a newline.
func (s *Session) FeedInput(text string) { s.input.Feed(text + "\n") }
