// Package programs holds cpu32's sample programs, each NAME.asm with the
// output it prints in NAME.out and its input in NAME.in when it reads one,
// and embeds them for the browser playground's examples menu.
package programs

import "embed"

// Files holds the programs, their inputs and the library they include.
//
//go:embed *.asm *.in lib/*.asm
var Files embed.FS
