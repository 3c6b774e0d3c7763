package main

import (
	"bufio"
	"io"
	"net"
	"strings"
	"testing"
	"time"

	"github.com/google/go-dap"
	"github.com/stretchr/testify/require"
)

func TestDapFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		code int
		out  string
	}{
		{[]string{"dap", "--help"}, exitOK, "--listen HOST:PORT"},
		{[]string{"dap", "--frob"}, exitUsage, "cpu32 dap: unknown flag --frob"},
		{[]string{"dap", "fib.asm"}, exitUsage, `unexpected "fib.asm": the program is named by the editor's launch request`},
		{[]string{"dap", "--listen", "nowhere"}, exitUsage, "cpu32 dap: listen tcp: address nowhere: missing port in address"},
	} {
		r := cli(t, tc.args...)
		require.Equal(t, tc.code, r.code, "%v: %+v", tc.args, r)
		require.Contains(t, r.stdout+r.stderr, tc.out)
	}
}

// TestDapListen serves one editor over TCP: the address is announced on
// stdout, a session runs, and a disconnect ends the command with status 0.
func TestDapListen(t *testing.T) {
	outR, outW := io.Pipe()
	code := make(chan int, 1)
	go func() {
		code <- dapCommand([]string{"--listen", "127.0.0.1:0"}, outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err)
	addr, ok := strings.CutPrefix(strings.TrimSpace(line), "DAP server listening at: ")
	require.True(t, ok, line)
	go io.Copy(io.Discard, outR) //nolint:errcheck
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer conn.Close()
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	r := bufio.NewReader(conn)
	require.NoError(t, dap.WriteProtocolMessage(conn, &dap.InitializeRequest{Request: dap.Request{
		ProtocolMessage: dap.ProtocolMessage{Seq: 1, Type: "request"}, Command: "initialize"}}))
	m, err := dap.ReadProtocolMessage(r)
	require.NoError(t, err)
	resp, ok := m.(*dap.InitializeResponse)
	require.True(t, ok, "%T", m)
	require.True(t, resp.Success)
	require.True(t, resp.Body.SupportsStepBack)

	// A second editor is told that the server is busy, and closed, while
	// the first session goes on; it used to be left waiting unanswered.
	second, err := net.DialTimeout("tcp", addr, 5*time.Second)
	require.NoError(t, err)
	defer second.Close()
	require.NoError(t, second.SetDeadline(time.Now().Add(10*time.Second)))
	r2 := bufio.NewReader(second)
	busy := "cpu32 dap is already serving another client: it debugs one session at a time (start another cpu32 dap for another session)"
	m, err = dap.ReadProtocolMessage(r2)
	require.NoError(t, err)
	require.IsType(t, &dap.OutputEvent{}, m)
	require.Equal(t, busy+"\n", m.(*dap.OutputEvent).Body.Output)
	require.NoError(t, dap.WriteProtocolMessage(second, &dap.InitializeRequest{Request: dap.Request{
		ProtocolMessage: dap.ProtocolMessage{Seq: 1, Type: "request"}, Command: "initialize"}}))
	m, err = dap.ReadProtocolMessage(r2)
	require.NoError(t, err)
	require.IsType(t, &dap.ErrorResponse{}, m)
	require.Equal(t, busy, m.(*dap.ErrorResponse).Message)
	require.Equal(t, 1, m.(*dap.ErrorResponse).RequestSeq)
	m, err = dap.ReadProtocolMessage(r2)
	require.NoError(t, err)
	require.IsType(t, &dap.TerminatedEvent{}, m)
	_, err = dap.ReadProtocolMessage(r2)
	require.ErrorIs(t, err, io.EOF, "closed")

	require.NoError(t, dap.WriteProtocolMessage(conn, &dap.ThreadsRequest{Request: dap.Request{
		ProtocolMessage: dap.ProtocolMessage{Seq: 2, Type: "request"}, Command: "threads"}}))
	m, err = dap.ReadProtocolMessage(r)
	require.NoError(t, err)
	require.IsType(t, &dap.ThreadsResponse{}, m, "the first session goes on")
	require.NoError(t, dap.WriteProtocolMessage(conn, &dap.DisconnectRequest{Request: dap.Request{
		ProtocolMessage: dap.ProtocolMessage{Seq: 3, Type: "request"}, Command: "disconnect"}}))
	m, err = dap.ReadProtocolMessage(r)
	require.NoError(t, err)
	require.IsType(t, &dap.DisconnectResponse{}, m)
	select {
	case c := <-code:
		require.Equal(t, exitOK, c)
	case <-time.After(10 * time.Second):
		t.Fatal("cpu32 dap did not end after the disconnect")
	}
	// The session is over: nobody listens.
	if c, err := net.DialTimeout("tcp", addr, 5*time.Second); err == nil {
		c.Close()
		t.Fatal("cpu32 dap still listens after its session")
	}
}
