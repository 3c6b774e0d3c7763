package dap

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/go-dap"

	"cpu32/debugger"
	"cpu32/debugger/internal/testprogs"
)

// fuzzSession is an editor's session, one request a line; $PROG stands for
// the program's path.
var fuzzSession = []string{
	`{"seq":1,"type":"request","command":"initialize","arguments":{"adapterID":"cpu32","linesStartAt1":true,"supportsInvalidatedEvent":true}}`,
	`{"seq":2,"type":"request","command":"launch","arguments":{"program":"$PROG","stopOnEntry":true,"input":"$INPUT","args":["--max-steps","100000"]}}`,
	`{"seq":3,"type":"request","command":"setBreakpoints","arguments":{"source":{"path":"$PROG"},"breakpoints":[{"line":3,"condition":"eax == 2","hitCondition":"2"},{"line":4,"logMessage":"eax is {eax}"}]}}`,
	`{"seq":4,"type":"request","command":"setExceptionBreakpoints","arguments":{"filters":["faults"]}}`,
	`{"seq":5,"type":"request","command":"configurationDone"}`,
	`{"seq":6,"type":"request","command":"threads"}`,
	`{"seq":7,"type":"request","command":"stackTrace","arguments":{"threadId":1,"levels":20}}`,
	`{"seq":8,"type":"request","command":"scopes","arguments":{"frameId":1}}`,
	`{"seq":9,"type":"request","command":"variables","arguments":{"variablesReference":1,"format":{"hex":true}}}`,
	`{"seq":10,"type":"request","command":"evaluate","arguments":{"expression":"[esp+1] * 2","context":"watch"}}`,
	`{"seq":11,"type":"request","command":"evaluate","arguments":{"expression":"break fact","context":"repl"}}`,
	`{"seq":12,"type":"request","command":"next","arguments":{"threadId":1}}`,
	`{"seq":13,"type":"request","command":"stepIn","arguments":{"threadId":1}}`,
	`{"seq":14,"type":"request","command":"stepBack","arguments":{"threadId":1}}`,
	`{"seq":15,"type":"request","command":"setVariable","arguments":{"variablesReference":1,"name":"eax","value":"7"}}`,
	`{"seq":16,"type":"request","command":"readMemory","arguments":{"memoryReference":"0","count":16}}`,
	`{"seq":17,"type":"request","command":"writeMemory","arguments":{"memoryReference":"20","data":"AAAAAQ=="}}`,
	`{"seq":18,"type":"request","command":"disassemble","arguments":{"memoryReference":"0","instructionCount":10}}`,
	`{"seq":19,"type":"request","command":"dataBreakpointInfo","arguments":{"name":"eax"}}`,
	`{"seq":20,"type":"request","command":"setDataBreakpoints","arguments":{"breakpoints":[{"dataId":"0"}]}}`,
	`{"seq":21,"type":"request","command":"setInstructionBreakpoints","arguments":{"breakpoints":[{"instructionReference":"2"}]}}`,
	`{"seq":22,"type":"request","command":"continue","arguments":{"threadId":1}}`,
	`{"seq":23,"type":"request","command":"pause","arguments":{"threadId":1}}`,
	`{"seq":24,"type":"request","command":"completions","arguments":{"text":"b","column":2}}`,
	`{"seq":25,"type":"request","command":"reverseContinue","arguments":{"threadId":1}}`,
	`{"seq":26,"type":"request","command":"stepOut","arguments":{"threadId":1}}`,
	`{"seq":27,"type":"request","command":"exceptionInfo","arguments":{"threadId":1}}`,
	`{"seq":28,"type":"request","command":"source","arguments":{"sourceReference":1}}`,
	`{"seq":29,"type":"request","command":"restart"}`,
	`{"seq":30,"type":"request","command":"terminate"}`,
	`{"seq":31,"type":"request","command":"disconnect"}`,
}

// fuzzProgram is the program the sessions launch: a recursive call,
// output, a read of the input.
var fuzzProgram = testprogs.Fact + "  rdn ebx\n  hlt\n"

// FuzzMessages feeds the server a client's message stream: with framed,
// each line of text is one message's content, framed here (so that the
// fuzzer mutates requests, not lengths); without, text is the raw stream.
// The server never fails inside (a handler's panic is an "internal error"
// response, which would be a bug), ends when the input does, and writes
// only well-formed messages. Its seeds run under go test; fuzz with
// go test ./debugger/dap -fuzz FuzzMessages.
func FuzzMessages(f *testing.F) {
	session := strings.Join(fuzzSession, "\n")
	f.Add(true, session)
	f.Add(true, strings.Join(fuzzSession[:2], "\n")+"\n"+strings.Join(fuzzSession[4:6], "\n")+"\n"+fuzzSession[21]+"\n"+fuzzSession[22])
	f.Add(true, strings.ReplaceAll(session, `"stopOnEntry":true`, `"noDebug":true`))
	f.Add(true, fuzzSession[0]+"\n"+`{"seq":2,"type":"request","command":"launch","arguments":{"program":"$PROG","raw":true}}`)
	f.Add(true, fuzzSession[0]+"\n"+`{"seq":2,"type":"request","command":"evaluate","arguments":{"expression":"`+strings.Repeat("(", 300)+`1"}}`)
	f.Add(true, `{"seq":1,"type":"request","command":"fooBar"}`+"\n[1,2]\n{\"seq\":\"x\"}\nnull\n{}")
	f.Add(false, framed(fuzzSession[0])+"Content-Length: 5\r\n\r\n{}")
	f.Add(false, "Content-Length: 99999999999\r\n\r\n")
	f.Add(false, "content-length:2\n\n{}Content-Length: 3\r\nX-Other: 1\r\n\r\n{}}")

	dir := f.TempDir()
	prog := filepath.Join(dir, "fact.asm")
	input := filepath.Join(dir, "in.txt")
	if err := os.WriteFile(prog, []byte(fuzzProgram), 0o644); err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(input, []byte("5\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	// A small machine at most: a launch may ask for a large one.
	newEngine := func(l Launch) (Engine, error) {
		if l.Config.Memory > 1<<16 {
			return nil, errors.New("fuzzing: memory too large")
		}
		return sessionEngine(l, debugger.WithChunk(1<<12), debugger.WithHistory(10_000))
	}
	f.Fuzz(func(t *testing.T, frame bool, text string) {
		text = strings.NewReplacer("$PROG", prog, "$INPUT", input).Replace(text)
		if frame {
			var b strings.Builder
			for _, line := range strings.Split(text, "\n") {
				b.WriteString(framed(line))
			}
			text = b.String()
		}
		var out bytes.Buffer
		srv := NewServer(strings.NewReader(text), &syncWriter{w: &out}, newEngine)
		done := make(chan struct{})
		go func() {
			defer close(done)
			srv.Serve() //nolint:errcheck // a stream that is not the protocol is an error, and allowed
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			t.Fatal("the server did not end after its input did")
		}
		r := bufio.NewReader(&out)
		for {
			m, err := dap.ReadProtocolMessage(r)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("the server wrote a message that does not decode: %v", err)
			}
			if e, ok := m.(*dap.ErrorResponse); ok && strings.Contains(e.Message, "internal error") {
				t.Fatalf("%s: %s", e.Command, e.Message)
			}
		}
	})
}

// syncWriter is a writer that Serve's goroutines and the test share.
type syncWriter struct {
	w io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) { return s.w.Write(p) }
