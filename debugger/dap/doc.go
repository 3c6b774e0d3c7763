// Package dap is cpu32's Debug Adapter Protocol server: what editors (VS
// Code, neovim's nvim-dap) talk to when they debug a cpu32 program. It is a
// front end over the debugging engine's typed API, like the terminal UI and
// the command language: every request is answered by the engine, and the
// protocol's messages are github.com/google/go-dap's types.
package dap
