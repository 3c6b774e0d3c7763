// Package image holds an assembled cpu32 program and reads and writes it as a
// file: an image (header, code, data, debug information) or a raw word stream
// in rubycpu's encoding.
package image
