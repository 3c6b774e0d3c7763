package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"

	"cpu32/image"
	"cpu32/internal/samefile"
)

// writeOutput writes data to the file path names, as a careful Unix tool
// does:
//   - a symbolic link is followed to the file it names;
//   - a regular file (or a new one) is replaced atomically, through a
//     temporary file in its folder and a rename, so a reader never sees half
//     a file and a failed write leaves the old one alone; it keeps the old
//     file's permissions (a new file gets 0666 less the umask, as cp's);
//   - a regular file with other hard links is written in place instead,
//     after the whole image was written to a temporary file first (so a
//     full disk shows before the old contents are touched): replacing it
//     would split it from its other names. Should the write in place fail,
//     the temporary file is kept and the error names it;
//   - a device, a FIFO or a socket is written through (`-o /dev/null`,
//     `-o /dev/stdout`, a pipe), never replaced.
//
// A failure to write the bytes (a full disk) is a *writeError; anything
// else (no such folder, no permission, a directory) is a plain error.
func writeOutput(path string, data []byte) error {
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

// outKind is how writeOutput writes a file.
type outKind int

const (
	outReplace outKind = iota // a new or regular file: a temporary file and a rename
	outLinked                 // a regular file with other hard links: in place
	outDevice                 // a device, FIFO or socket: written through
)

// output is what writeOutput will write and how.
type output struct {
	target string // the file, once any symbolic links are followed
	kind   outKind
	perm   fs.FileMode // the file's permissions to keep, or newFile
}

// outputOf finds the file path names and how it is written: writeOutput
// and checkOutput ask the same questions.
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
		return output{}, errors.New(errCause(err))
	case st.IsDir():
		return output{}, errors.New("is a directory")
	case !st.Mode().IsRegular():
		// Opened by its own name: /dev/stdout's link to a pipe has no
		// other name to follow.
		return output{target: path, kind: outDevice}, nil
	}
	target, err := filepath.EvalSymlinks(path)
	if err != nil {
		return output{}, errors.New(errCause(err))
	}
	if links(st) > 1 {
		return output{target, outLinked, st.Mode().Perm()}, nil
	}
	return output{target, outReplace, st.Mode().Perm()}, nil
}

// checkOutput tells before a run whether writeOutput could write path
// after it: that its folder exists and takes a new file (the temporary
// one; an existing file is replaced, so its own permissions do not
// matter), and that a file with other hard links opens for writing. A
// device is not opened: a FIFO would wait for a reader. The run's results
// are then not lost to a file name mistyped.
func checkOutput(path string) error {
	o, err := outputOf(path)
	if err != nil || o.kind == outDevice {
		return err
	}
	if o.kind == outLinked {
		f, err := os.OpenFile(o.target, os.O_WRONLY, 0)
		if err != nil {
			return errors.New(errCause(err))
		}
		f.Close()
	}
	tmp, err := createTemp(o.target, false)
	if err != nil {
		return errors.New(errCause(err))
	}
	tmp.Close()
	return os.Remove(tmp.Name())
}

// refuseInput returns an error when writing out would replace one of
// inputs: the same file by another name or through a link, or the same
// name of a file not there yet. A device or FIFO is written through, never
// replaced, so it may be both (`--input /dev/stdin` and `/dev/stdout` on
// one terminal).
func refuseInput(out string, inputs []string) error {
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

// programInputs lists the files a program was read from: its file and,
// for source, every file it includes.
func programInputs(path string, p *image.Program) []string {
	inputs := []string{path}
	if p.Debug != nil {
		inputs = append(inputs, p.Debug.Files...)
	}
	return inputs
}

// saveOutput writes data to the file path names (writeOutput) and returns
// the exit status: a failed write (a full disk) is a write error, anything
// else (no such folder, a directory) a bad file name, said after what.
func saveOutput(stderr io.Writer, what, path string, data []byte) int {
	err := writeOutput(path, data)
	var werr *writeError
	switch {
	case err == nil:
		return exitOK
	case errors.As(err, &werr):
		fmt.Fprintf(stderr, "cpu32: write error: %s: %s\n", path, errCause(werr.err))
		return exitWrite
	}
	fmt.Fprintf(stderr, "%s %s: %v\n", what, path, err)
	return exitUsage
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
			return "", errors.New(errCause(err))
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
		return "", errors.New(errCause(err))
	}
	name := tmp.Name()
	if err := writeClose(tmp, data, true); err != nil {
		os.Remove(name)
		return "", &writeError{err}
	}
	if perm != newFile {
		if err := os.Chmod(name, perm); err != nil {
			os.Remove(name)
			return "", errors.New(errCause(err))
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
		return errors.New(errCause(err))
	}
	return nil
}

// writeInPlace overwrites a file that has other hard links, once a
// temporary copy shows the data fits on the disk.
func writeInPlace(path string, data []byte, perm fs.FileMode) error {
	name, err := writeTemp(path, data, perm)
	if err != nil {
		return err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_TRUNC, 0)
	if err != nil {
		os.Remove(name)
		return errors.New(errCause(err))
	}
	if err := writeClose(f, data, true); err != nil {
		return &writeError{fmt.Errorf("%s (the whole image is in %s)", errCause(err), name)}
	}
	os.Remove(name)
	return nil
}

// writeThrough writes data to a device, FIFO or socket as it is.
func writeThrough(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		return errors.New(errCause(err))
	}
	if err := writeClose(f, data, false); err != nil {
		return &writeError{err}
	}
	return nil
}

// writeClose writes data to f, syncs it to disk when sync is set (a
// device or FIFO has no disk), closes it, and returns the first error.
func writeClose(f *os.File, data []byte, sync bool) error {
	_, err := f.Write(data)
	if err == nil && sync {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
