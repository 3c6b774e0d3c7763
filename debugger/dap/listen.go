package dap

import (
	"bufio"
	"errors"
	"net"
	"time"

	"github.com/google/go-dap"
)

// refuseTime bounds how long a refused client has to send its first
// request, which is answered with the refusal; maxRefusing bounds how many
// are being refused at once (more are closed without a word).
const (
	refuseTime  = 2 * time.Second
	maxRefusing = 8
)

// errBusy is the answer of a client that connects while another's session
// runs.
var errBusy = errors.New("cpu32 dap is already serving another client: it debugs one session at a time (start another cpu32 dap for another session)")

// ServeListener serves the first client that connects to l for one
// session, as Serve does, and refuses every client that connects while it
// runs: it tells them why (an output event, an error response to their
// first request, a terminated event) and closes their connection, rather
// than leaving them accepted by the kernel and unanswered. It closes l when
// the session ends, and returns Serve's error.
func ServeListener(l net.Listener, newEngine NewEngine) error {
	conn, err := l.Accept()
	if err != nil {
		return err
	}
	defer conn.Close()
	go refuseAll(l)
	defer l.Close()
	return NewServer(conn, conn, newEngine).Serve()
}

// refuseAll refuses the clients that connect to l until it is closed.
func refuseAll(l net.Listener) {
	busy := make(chan struct{}, maxRefusing)
	for {
		c, err := l.Accept()
		if err != nil {
			return // closed: the session is over
		}
		select {
		case busy <- struct{}{}:
			go func() {
				defer func() { <-busy }()
				refuse(c)
			}()
		default:
			c.Close()
		}
	}
}

// refuse tells a client that it cannot be served, answering its first
// request if it comes soon, and closes its connection.
func refuse(c net.Conn) {
	defer c.Close()
	c.SetDeadline(time.Now().Add(refuseTime)) //nolint:errcheck // a conn without deadlines is closed all the same
	w := newWriter(c)
	w.send(&dap.OutputEvent{Event: event("output"), Body: dap.OutputEventBody{Category: "important", Output: errBusy.Error() + "\n"}})
	if content, err := readFrame(bufio.NewReader(c)); err == nil {
		seq, command := 0, ""
		if msg, bad := decode(content); bad != nil {
			seq, command = bad.seq, bad.command
		} else if req, ok := msg.(dap.RequestMessage); ok {
			seq, command = req.GetRequest().Seq, req.GetRequest().Command
		}
		w.send(errorResponse(seq, command, errBusy))
	}
	w.send(&dap.TerminatedEvent{Event: event("terminated")})
}
