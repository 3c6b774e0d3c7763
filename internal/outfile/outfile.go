// Package outfile writes the files cpu32's commands make (an image of asm
// -o, a profile of run --profile-out, a grader's report of test -o, the
// playground's files of web --export, the REPL's .save) the way a careful
// Unix tool does, in one place:
//
//   - a symbolic link is followed to the file it names, never replaced;
//   - a regular file (or a new one) is replaced atomically, through a
//     temporary file in its folder and a rename, so a reader never sees
//     half a file and a failed write leaves the old one as it was; it
//     keeps the old file's permissions (a new file gets 0666 less the
//     umask, as cp's);
//   - a regular file with other hard links is written in place instead,
//     once the whole of it was written to a temporary file (so a full
//     disk shows before the old contents are touched): replacing it would
//     split it from its other names;
//   - a device, a FIFO or a socket is written through (/dev/null,
//     /dev/stdout, a pipe), never replaced; a FIFO is opened without
//     waiting for ever for a reader (a second, then ErrNoReader), and a
//     reader that takes nothing for 10 seconds fails the write.
//
// RefuseInput keeps an output off the command's inputs. Errors say why
// without the file's name, which the caller puts where it belongs in its
// message; a failure of the writing itself (a full disk) is a *WriteError.
package outfile

import (
	"errors"
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"

	"cpu32/internal/samefile"
)

// readerWait is how long Write waits for a FIFO to get a reader before it
// refuses it (ErrNoReader): long enough for `cpu32 asm -o fifo & cat fifo`
// to start its reader, short enough that a FIFO nobody reads does not
// hang a command (or a REPL session, which Ctrl-C does not reach while a
// file opens). A test shortens it.
var readerWait = time.Second

// stall is how long a FIFO's reader may take nothing before the write
// through it fails: a reader that stopped reading would otherwise hold
// the command for ever. A test shortens it.
var stall = 10 * time.Second

// ErrNoReader says that a FIFO got no reader within a second.
var ErrNoReader = errors.New("is a named pipe that nobody reads")

// WriteError is a failure to write the bytes themselves (a full disk, an
// I/O error, a reader that stalled), as opposed to a file that could not
// be made at all (no such folder, a directory, no permission): commands
// exit with their write-error status for it.
type WriteError struct{ Err error }

func (e *WriteError) Error() string { return "write error: " + Cause(e.Err) }
func (e *WriteError) Unwrap() error { return e.Err }

// Cause names why a file operation failed the way a Unix tool says it:
// "no space left on device" rather than "write x.img: no space left on
// device" (the caller names the file).
func Cause(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// cause is Cause as an error.
func cause(err error) error { return errors.New(Cause(err)) }

// Write writes data to the file path names, as the package's doc says.
// An existing regular file is left as it was when Write fails.
func Write(path string, data []byte) error {
	o, err := outputOf(path)
	if err != nil {
		return err
	}
	switch o.kind {
	case outDevice:
		return writeThrough(o.target, data)
	case outLinked:
		return writeInPlace(o.target, data, o.perm)
	}
	return replaceFile(o.target, data, o.perm)
}

// Check tells, before a long computation whose result Write will write,
// whether Write could write path: that its folder exists and takes a new
// file (the temporary one; an existing file is replaced, so its own
// permissions do not matter), and that a file with other hard links opens
// for writing. A device or FIFO is not opened: a FIFO's reader may come
// later. A result is then not lost to a file name mistyped.
func Check(path string) error {
	o, err := outputOf(path)
	if err != nil || o.kind == outDevice {
		return err
	}
	if o.kind == outLinked {
		f, err := os.OpenFile(o.target, os.O_WRONLY, 0)
		if err != nil {
			return cause(err)
		}
		f.Close()
	}
	tmp, err := createTemp(o.target, false)
	if err != nil {
		return cause(err)
	}
	tmp.Close()
	return os.Remove(tmp.Name())
}

// RefuseInput returns an error when writing out would replace one of
// inputs: the same file by another name or through a link, or the same
// name of a file not there yet. A device or FIFO is written through,
// never replaced, so it may be both (an input of /dev/stdin and an output
// of /dev/stdout on one terminal).
func RefuseInput(out string, inputs []string) error {
	st, err := os.Stat(out)
	if err == nil && !st.Mode().IsRegular() {
		return nil
	}
	for _, in := range inputs {
		switch {
		case filepath.Clean(in) == filepath.Clean(out):
			return fmt.Errorf("refusing to write %s: it is an input of the program", out)
		case samefile.Is(in, out):
			return fmt.Errorf("refusing to write %s: it is %s, an input of the program", out, in)
		}
	}
	return nil
}

// outKind is how Write writes a file.
type outKind int

const (
	outReplace outKind = iota // a new or regular file: a temporary file and a rename
	outLinked                 // a regular file with other hard links: in place
	outDevice                 // a device, FIFO or socket: written through
)

// output is what Write will write and how.
type output struct {
	target string // the file, once any symbolic links are followed
	kind   outKind
	perm   fs.FileMode // the file's permissions to keep, or newFile
}

// outputOf finds the file path names and how it is written: Write and
// Check ask the same questions.
func outputOf(path string) (output, error) {
	if path == "" {
		return output{}, errors.New("an empty file name")
	}
	st, err := os.Stat(path) // through any links
	switch {
	case errors.Is(err, fs.ErrNotExist):
		// New, or a link to a file still to be made.
		target, err := followLinks(path)
		return output{target: target, perm: newFile}, err
	case err != nil:
		return output{}, cause(err)
	case st.IsDir():
		return output{}, errors.New("is a directory")
	case !st.Mode().IsRegular():
		// Opened by its own name: /dev/stdout's link to a pipe has no
		// other name to follow.
		return output{target: path, kind: outDevice}, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return output{}, cause(err)
	}
	if links(st) > 1 {
		return output{target, outLinked, st.Mode().Perm()}, nil
	}
	return output{target, outReplace, st.Mode().Perm()}, nil
}

// followLinks returns the file path names once every symbolic link on the
// way is followed, to a file that does not exist yet.
func followLinks(path string) (string, error) {
	for range 40 { // as Linux's ELOOP
		st, err := os.Lstat(path)
		if err != nil || st.Mode()&fs.ModeSymlink == 0 {
			return path, nil
		}
		to, err := os.Readlink(path)
		if err != nil {
			return "", cause(err)
		}
		if !filepath.IsAbs(to) {
			to = filepath.Join(filepath.Dir(path), to)
		}
		path = to
	}
	return "", errors.New("too many levels of symbolic links")
}

// newFile is the permission argument of writeTemp for a file that did not
// exist: 0666, which the kernel narrows by the umask (an explicit chmod
// would not).
const newFile fs.FileMode = 1 << 31

// writeTemp writes data to a new temporary file beside path, synced to
// disk, with permissions perm (or newFile's), and returns its name.
func writeTemp(path string, data []byte, perm fs.FileMode) (string, error) {
	tmp, err := createTemp(path, perm == newFile)
	if err != nil {
		return "", cause(err)
	}
	name := tmp.Name()
	if err := writeClose(tmp, data, true); err != nil {
		os.Remove(name)
		return "", &WriteError{err}
	}
	if perm != newFile {
		if err := os.Chmod(name, perm); err != nil {
			os.Remove(name)
			return "", cause(err)
		}
	}
	return name, nil
}

// createTemp creates a file of a new name beside path: readable by no one
// else until its permissions are set, or with 0666 less the umask.
func createTemp(path string, umask bool) (*os.File, error) {
	perm := fs.FileMode(0o600)
	if umask {
		perm = 0o666
	}
	for i := 0; ; i++ {
		name := filepath.Join(filepath.Dir(path), fmt.Sprintf(".%s.tmp%d", filepath.Base(path), rand.Uint32()))
		f, err := os.OpenFile(name, os.O_RDWR|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) && i < 100 {
			continue
		}
		return f, err
	}
}

// replaceFile replaces path with data through a temporary file and a
// rename.
func replaceFile(path string, data []byte, perm fs.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	if err := os.Rename(name, path); err != nil {
		os.Remove(name)
		return cause(err)
	}
	return nil
}

// writeInPlace overwrites a file that has other hard links, once a
// temporary copy shows the data fits on the disk. Should the write in
// place fail, the temporary copy is kept and the error names it.
func writeInPlace(path string, data []byte, perm fs.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		os.Remove(name)
		return cause(err)
	}
	if err := writeClose(f, data, true); err != nil {
		return &WriteError{fmt.Errorf("%s (the whole of it is in %s)", Cause(err), name)}
	}
	os.Remove(name)
	return nil
}

// writeThrough writes data to a device, FIFO or socket as it is.
func writeThrough(path string, data []byte) error {
	f, err := openDevice(path)
	if err != nil {
		return err
	}
	err = writeDevice(f, data)
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return &WriteError{err}
	}
	return nil
}

// writeFile writes to a file; a test makes it fail as a full disk would.
var writeFile = (*os.File).Write

// writeClose writes data to f, syncs it to disk when sync is set (a
// device or FIFO has no disk), closes it, and returns the first error.
func writeClose(f *os.File, data []byte, sync bool) error {
	_, err := writeFile(f, data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
