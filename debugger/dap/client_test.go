package dap

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"

	"cpu32/debugger"
)

// timeout bounds every wait of a test for the server, so that a server
// that hangs fails the test instead of hanging it.
const timeout = 10 * time.Second

// client drives a real Server over pipes with go-dap's message types, as
// an editor would.
type client struct {
	t     *testing.T
	w     *io.PipeWriter
	msgs  chan wire
	seq   int
	done  chan error // Serve's result
	stash []dap.Message
	// rawOf, when not nil, keeps the JSON of each message next returns.
	rawOf map[dap.Message][]byte
	// stdout is every stdout output event's text so far, console the
	// console's.
	stdout, console string
}

// newClient starts a server with the real engine over pipes.
func newClient(t *testing.T) *client {
	t.Helper()
	// Small chunks make a pause take effect soon under the race detector
	// too.
	return newClientWith(t, func(l Launch) (Engine, error) { return sessionEngine(l, debugger.WithChunk(1<<12)) })
}

// newClientWith starts a server with engines made by newEngine.
func newClientWith(t *testing.T, newEngine NewEngine) *client {
	t.Helper()
	sr, cw := io.Pipe()
	cr, sw := io.Pipe()
	c := &client{t: t, w: cw, msgs: make(chan wire, 1024), done: make(chan error, 1)}
	srv := NewServer(sr, sw, newEngine)
	go func() {
		err := srv.Serve()
		sw.Close()
		c.done <- err
	}()
	go func() {
		r := bufio.NewReader(cr)
		defer close(c.msgs)
		for {
			content, err := readFrame(r)
			if err != nil {
				return
			}
			m, err := dap.DecodeProtocolMessage(content)
			if err != nil {
				panic(fmt.Sprintf("the server sent a message go-dap cannot read: %v: %s", err, content))
			}
			c.msgs <- wire{m, content}
		}
	}()
	t.Cleanup(func() {
		cw.Close()
		sr.Close()
		select {
		case <-c.done:
		case <-time.After(timeout):
			t.Errorf("the server did not end after its input closed")
		}
		cr.Close()
	})
	return c
}

// ended waits for Serve to return, and returns its error.
func (c *client) ended() error {
	c.t.Helper()
	select {
	case err := <-c.done:
		c.done <- err // for the cleanup's wait
		return err
	case <-time.After(timeout):
		c.t.Fatal("the server did not end")
	}
	return nil
}

// send writes a request with the next sequence number.
func (c *client) send(req dap.RequestMessage) int {
	c.t.Helper()
	c.seq++
	r := req.GetRequest()
	r.Seq, r.Type = c.seq, "request"
	if r.Command == "" {
		r.Command = commandOf(req)
	}
	require.NoError(c.t, dap.WriteProtocolMessage(c.w, req))
	return c.seq
}

// raw writes bytes as they are, framed or not, on a goroutine: a server
// that stops reading them must not block the test.
func (c *client) raw(text string) {
	go io.WriteString(c.w, text) //nolint:errcheck // the server may close first
}

// commandOf names a request type's command: *dap.StepBackRequest is "stepBack".
func commandOf(req dap.RequestMessage) string {
	name := reflect.TypeOf(req).Elem().Name()
	name = name[:len(name)-len("Request")]
	return string(name[0]+'a'-'A') + name[1:]
}

// wire is a message as the server sent it: decoded, and its JSON.
type wire struct {
	m   dap.Message
	raw []byte
}

// allowedNull are the places where the protocol allows null: a data
// breakpoint's dataId says "nothing to watch" so.
var allowedNull = map[string]bool{"body.dataId": true}

// nullAt returns where the JSON of a message has a null that the protocol
// does not allow there ("body.variables"), or "": a client that iterates
// an array the protocol requires trips on null. Every message of every
// test passes through it.
func nullAt(t *testing.T, raw []byte) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("the server sent a message that is not JSON: %v: %s", err, raw)
	}
	var walk func(path string, v any) string
	walk = func(path string, v any) string {
		switch v := v.(type) {
		case nil:
			if !allowedNull[path] {
				return path
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				p := k
				if path != "" {
					p = path + "." + k
				}
				if at := walk(p, v[k]); at != "" {
					return at
				}
			}
		case []any:
			for i, e := range v {
				if at := walk(fmt.Sprintf("%s[%d]", path, i), e); at != "" {
					return at
				}
			}
		}
		return ""
	}
	return walk("", v)
}

// next returns the next message from the server.
func (c *client) next() dap.Message {
	c.t.Helper()
	if len(c.stash) > 0 {
		m := c.stash[0]
		c.stash = c.stash[1:]
		return m
	}
	select {
	case w, ok := <-c.msgs:
		if !ok {
			c.t.Fatalf("the server closed the connection")
		}
		m := w.m
		if c.rawOf != nil {
			c.rawOf[m] = w.raw
		}
		if path := nullAt(c.t, w.raw); path != "" {
			c.t.Fatalf("null at %s in %s", path, w.raw)
		}
		if o, ok := m.(*dap.OutputEvent); ok {
			switch o.Body.Category {
			case "stdout":
				c.stdout += o.Body.Output
			case "console":
				c.console += o.Body.Output
			}
		}
		return m
	case <-time.After(timeout):
		c.t.Fatalf("no message from the server in %v", timeout)
	}
	return nil
}

// expect returns the next message, which must be a T.
func expect[T dap.Message](c *client) T {
	c.t.Helper()
	m := c.next()
	v, ok := m.(T)
	if !ok {
		var zero T
		c.t.Fatalf("got %s, want %T", show(m), zero)
	}
	return v
}

// await skips output events until a T comes, and returns it.
func await[T dap.Message](c *client) T {
	c.t.Helper()
	for {
		m := c.next()
		if v, ok := m.(T); ok {
			return v
		}
		if _, ok := m.(*dap.OutputEvent); !ok {
			var zero T
			c.t.Fatalf("got %s while waiting for %T", show(m), zero)
		}
	}
}

// call sends a request and returns its response, which must be a T and
// successful.
func call[T dap.ResponseMessage](c *client, req dap.RequestMessage) T {
	c.t.Helper()
	seq := c.send(req)
	resp := await[T](c)
	r := resp.GetResponse()
	require.True(c.t, r.Success, "%s failed: %s", r.Command, r.Message)
	require.Equal(c.t, seq, r.RequestSeq)
	return resp
}

// fail sends a request and returns the error message of its response,
// which must be an error.
func fail(c *client, req dap.RequestMessage) string {
	c.t.Helper()
	seq := c.send(req)
	resp := await[*dap.ErrorResponse](c)
	require.False(c.t, resp.Success)
	require.Equal(c.t, seq, resp.RequestSeq)
	require.Equal(c.t, resp.Message, resp.Body.Error.Format)
	return resp.Message
}

func show(m dap.Message) string {
	b, _ := json.Marshal(m)
	return fmt.Sprintf("%T %s", m, b)
}

// launchArgs renders launch arguments.
func launchJSON(t *testing.T, args map[string]any) json.RawMessage {
	b, err := json.Marshal(args)
	require.NoError(t, err)
	return b
}

// start initializes and launches program with args, and checks the
// initialized event.
func (c *client) start(program string, args map[string]any) {
	c.t.Helper()
	call[*dap.InitializeResponse](c, &dap.InitializeRequest{Arguments: dap.InitializeRequestArguments{AdapterID: "cpu32", LinesStartAt1: true}})
	if args == nil {
		args = map[string]any{}
	}
	args["program"] = program
	call[*dap.LaunchResponse](c, &dap.LaunchRequest{Arguments: launchJSON(c.t, args)})
	expect[*dap.InitializedEvent](c)
}
