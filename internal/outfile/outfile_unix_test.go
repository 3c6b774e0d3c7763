//go:build unix

package outfile

import (
	"bytes"
	"io"
	"os"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A device or FIFO is written through and stays what it is; a FIFO is
// never waited on for ever: with no reader it is refused after
// readerWait, and a reader that stops reading fails the write after
// stall.
func TestWriteThrough(t *testing.T) {
	defer func(w, s time.Duration) { readerWait, stall = w, s }(readerWait, stall)
	readerWait, stall = 200*time.Millisecond, 200*time.Millisecond
	big := bytes.Repeat([]byte("x"), 1<<20) // more than a pipe holds
	for _, tc := range []struct {
		name   string
		path   string
		reader func(f *os.File) []byte // opens the FIFO "fifo" and reads it; nil: no FIFO
		data   []byte
		err    string
		werr   bool
		slow   time.Duration // at least this long
	}{
		{name: "/dev/null", path: "/dev/null", data: big},
		{name: "/dev/full", path: "/dev/full", data: []byte("new"), err: "write error: no space left on device", werr: true},
		{name: "FIFO read", path: "fifo", data: big, reader: func(f *os.File) []byte { b, _ := io.ReadAll(f); return b }},
		{name: "FIFO read slowly", path: "fifo", data: []byte("new"), reader: func(f *os.File) []byte {
			time.Sleep(stall / 2)
			b, _ := io.ReadAll(f)
			return b
		}},
		{name: "FIFO nobody reads", path: "fifo", data: []byte("new"), err: "is a named pipe that nobody reads", slow: readerWait},
		{name: "FIFO whose reader stops", path: "fifo", data: big, reader: func(f *os.File) []byte {
			b := make([]byte, 100)
			n, _ := io.ReadFull(f, b)
			time.Sleep(3 * stall)
			return b[:n]
		}, err: "write error: its reader took nothing for 200ms", werr: true, slow: stall},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := os.Stat(tc.path); tc.path != "fifo" && err != nil {
				t.Skipf("no %s", tc.path)
			}
			t.Chdir(t.TempDir())
			var read chan []byte
			if tc.path == "fifo" {
				require.NoError(t, syscall.Mkfifo("fifo", 0o644))
				if tc.reader != nil {
					read = make(chan []byte, 1)
					go func() {
						f, err := os.Open("fifo") // waits for the writer
						if err != nil {
							read <- []byte(err.Error())
							return
						}
						defer f.Close()
						read <- tc.reader(f)
					}()
				}
			}
			st, err := os.Stat(tc.path)
			require.NoError(t, err)
			start := time.Now()
			err = Write(tc.path, tc.data)
			took := time.Since(start)
			checkErr(t, err, tc.err, tc.werr)
			assert.GreaterOrEqual(t, took, tc.slow)
			assert.Less(t, took, tc.slow+5*time.Second, "bounded")
			if read != nil {
				got := <-read
				if tc.err == "" {
					assert.Equal(t, len(tc.data), len(got), "the reader got it all")
					assert.True(t, bytes.Equal(tc.data, got))
				}
			}
			now, err := os.Stat(tc.path)
			require.NoError(t, err)
			assert.Equal(t, st.Mode().Type(), now.Mode().Type(), "still what it was")
		})
	}
}
