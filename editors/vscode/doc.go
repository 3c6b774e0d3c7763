// Package vscode holds the VS Code extension for cpu32 (package.json, the
// TextMate grammar for cpu32-asm, the launch configuration for `cpu32 dap`,
// extension.js and findcpu32.js, which finds the cpu32 binary) and the Go
// code that generates its grammar from the opcode table, so that an
// instruction added to isa/ reaches the editor by running
// `go test ./editors/vscode -update`. Its tests also run the extension's
// Node.js tests (test/*.test.js, tools pinned in package-lock.json).
package vscode
