package dap

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"reflect"
	"strconv"
	"strings"
	"sync"

	"github.com/google/go-dap"
)

// Limits on what a client may send, so that a broken or hostile client
// cannot make the server hold unbounded memory: a header line, and a
// message's content (writeMemory of a few megabytes is the largest
// reasonable request).
const (
	maxHeaderLine = 1 << 10
	maxContent    = 16 << 20
)

// errFraming is a stream that is not the protocol's framing: nothing after
// it can be trusted, so the server ends the session.
var errFraming = errors.New("dap: bad message framing")

// readFrame reads one message's content: header lines ending in an empty
// line, one of them "Content-Length: N", then N bytes.
func readFrame(r *bufio.Reader) ([]byte, error) {
	length := -1
	for {
		line, err := readLine(r)
		if err != nil {
			return nil, err
		}
		if line == "" {
			if length < 0 {
				return nil, fmt.Errorf("%w: no Content-Length header", errFraming)
			}
			break
		}
		name, value, ok := strings.Cut(line, ":")
		if !ok {
			return nil, fmt.Errorf("%w: header line %q", errFraming, line)
		}
		if strings.EqualFold(strings.TrimSpace(name), "Content-Length") {
			n, err := strconv.Atoi(strings.TrimSpace(value))
			if err != nil || n < 0 || n > maxContent {
				return nil, fmt.Errorf("%w: Content-Length %q (at most %d)", errFraming, strings.TrimSpace(value), maxContent)
			}
			length = n
		}
	}
	buf := make([]byte, length)
	if _, err := io.ReadFull(r, buf); err != nil {
		if err == io.ErrUnexpectedEOF {
			return nil, io.EOF
		}
		return nil, err
	}
	return buf, nil
}

// readLine reads a header line ending in \r\n (a bare \n is accepted too),
// at most maxHeaderLine bytes long.
func readLine(r *bufio.Reader) (string, error) {
	var b []byte
	for {
		c, err := r.ReadByte()
		if err != nil {
			if err == io.EOF && len(b) > 0 {
				return "", io.EOF
			}
			return "", err
		}
		if c == '\n' {
			return strings.TrimSuffix(string(b), "\r"), nil
		}
		if len(b) >= maxHeaderLine {
			return "", fmt.Errorf("%w: a header line longer than %d bytes", errFraming, maxHeaderLine)
		}
		b = append(b, c)
	}
}

// badMessage is a frame whose content is not a request the server knows:
// not JSON, a request of an unknown command, or arguments of the wrong
// types. The server answers it with an error and goes on.
type badMessage struct {
	seq     int
	command string
	err     error
}

// decode turns a frame into a message, or a badMessage saying what is
// wrong with it.
func decode(content []byte) (dap.Message, *badMessage) {
	msg, err := dap.DecodeProtocolMessage(content)
	if err == nil {
		return msg, nil
	}
	// What can be read of it names the request the error answers.
	var head struct {
		Seq     int    `json:"seq"`
		Type    string `json:"type"`
		Command string `json:"command"`
	}
	herr := json.Unmarshal(content, &head)
	bad := &badMessage{seq: head.Seq, command: head.Command}
	var field *dap.DecodeProtocolMessageFieldError
	var syntax *json.SyntaxError
	switch {
	case herr != nil:
		bad.err = fmt.Errorf("the message is not JSON of a request: %v", herr)
	case errors.As(err, &field) && head.Type == "request":
		bad.err = fmt.Errorf("unsupported request %q", head.Command)
	case errors.As(err, &field):
		bad.err = fmt.Errorf("unexpected message of type %q (a client sends requests)", head.Type)
	case errors.As(err, &syntax):
		bad.err = fmt.Errorf("the message is not JSON: %v", err)
	default:
		bad.err = fmt.Errorf("bad %s request: %v", head.Command, err)
	}
	return nil, bad
}

// writer sends messages, numbering them; safe from several goroutines (the
// request loop and a running program's). After the first failed write it
// drops everything: the client is gone.
type writer struct {
	mu     sync.Mutex
	w      *bufio.Writer
	seq    int
	failed error
}

func newWriter(w io.Writer) *writer { return &writer{w: bufio.NewWriter(w)} }

// send numbers and writes one message.
func (w *writer) send(m dap.Message) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.failed != nil {
		return
	}
	w.seq++
	setSeq(m, w.seq)
	emptyArrays(reflect.ValueOf(m))
	if err := dap.WriteProtocolMessage(w.w, m); err != nil {
		w.failed = err
		return
	}
	if err := w.w.Flush(); err != nil {
		w.failed = err
	}
}

// setSeq sets the sequence number of a response or an event.
func setSeq(m dap.Message, seq int) {
	switch m := m.(type) {
	case dap.ResponseMessage:
		m.GetResponse().Seq = seq
	case dap.EventMessage:
		m.GetEvent().Seq = seq
	}
}

// emptyArrays turns every nil slice that v reaches (through pointers,
// structs, slices and interfaces holding pointers) into an empty one. The
// protocol has arrays where Go has slices, and a nil slice encodes as null,
// which clients that iterate the array (nvim-dap) trip on: this one place
// makes every array of every message [] when it is empty, whichever
// handler built it. A field marked omitempty is left out either way.
// Byte slices are not arrays ([]byte encodes as base64, json.RawMessage
// is raw JSON), and a slice that cannot be set (inside an interface
// holding a struct by value) is left as it is.
func emptyArrays(v reflect.Value) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			emptyArrays(v.Elem())
		}
	case reflect.Struct:
		t := v.Type()
		for i := range v.NumField() {
			if t.Field(i).IsExported() {
				emptyArrays(v.Field(i))
			}
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			return
		}
		if v.IsNil() {
			if v.CanSet() {
				v.Set(reflect.MakeSlice(v.Type(), 0, 0))
			}
			return
		}
		for i := range v.Len() {
			emptyArrays(v.Index(i))
		}
	}
}
