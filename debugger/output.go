package debugger

// DefaultOutputTail is how many bytes of the program's output a session
// keeps by default: enough for every byte the default history can step
// back over in a printing loop, small enough that a program printing
// forever does not grow the debugger.
const DefaultOutputTail = 4 << 20

// outputTail keeps the last bytes a program printed, with the count of
// those it dropped, so that a program printing forever costs bounded
// memory and an offset counted from the program's start still finds its
// byte while it is kept.
type outputTail struct {
	buf   []byte
	start uint64 // offset of buf[0] in everything printed
	limit int    // bytes shown: the last limit bytes of buf
}

// Write keeps p. The buffer holds up to twice the limit before the oldest
// bytes are dropped, so that dropping copies once per limit bytes written.
func (o *outputTail) Write(p []byte) (int, error) {
	o.buf = append(o.buf, p...)
	if len(o.buf) > 2*o.limit {
		drop := len(o.buf) - o.limit
		o.start += uint64(drop)
		o.buf = append(o.buf[:0], o.buf[drop:]...)
	}
	return len(p), nil
}

// end is the offset after the last byte printed.
func (o *outputTail) end() uint64 { return o.start + uint64(len(o.buf)) }

// first is the offset of the first byte kept: of the last limit bytes.
// The buffer may hold a few older ones, which a step back can bring into
// view again.
func (o *outputTail) first() uint64 {
	if len(o.buf) <= o.limit {
		return o.start
	}
	return o.end() - uint64(o.limit)
}

// truncate keeps what was printed before offset n: stepping back undoes
// output. Below what is kept, nothing is left, and printing again starts
// the kept tail at n.
func (o *outputTail) truncate(n uint64) {
	switch {
	case n >= o.end():
	case n >= o.start:
		o.buf = o.buf[:n-o.start]
	default:
		o.buf, o.start = o.buf[:0], n
	}
}

// from returns the kept bytes from offset off on, and the offset they
// start at: later than off when the bytes before were dropped.
func (o *outputTail) from(off uint64) (string, uint64) {
	off = max(off, o.first())
	if off >= o.end() {
		return "", o.end()
	}
	return string(o.buf[off-o.start:]), off
}

func (o *outputTail) reset() { o.buf, o.start = o.buf[:0], 0 }

// Output returns the kept tail of the program's output: everything it
// printed, unless more than the session's output tail (DefaultOutputTail
// by default); OutputSize tells how much was dropped.
func (s *Session) Output() string {
	text, _ := s.out.from(0)
	return text
}

// OutputSize returns how many bytes the program has printed in all (as the
// machine counts them: stepping back lowers it) and how many of the oldest
// of them the session no longer keeps.
func (s *Session) OutputSize() (total, dropped uint64) { return s.out.end(), s.out.first() }

// OutputFrom returns the output from byte offset off (counted from the
// program's start) to the end, as far as it is kept, and the offset where
// the returned text starts: later than off when those bytes were dropped,
// and the end of the output when off is past it (say, after a step back
// that took output away).
func (s *Session) OutputFrom(off uint64) (text string, start uint64) { return s.out.from(off) }
