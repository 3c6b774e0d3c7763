package main

import (
	"os"
	"path/filepath"

	"cpu32/jit"
)

// cacheBytes bounds the file cache of compiled code.
const cacheBytes = 64 << 20

// useJITCache keeps the machine code `run` compiles in files, so that the
// same program is ready in milliseconds the next time: under the user's
// cache folder (os.UserCacheDir, then cpu32), or the folder CPU32_CACHE
// names; CPU32_CACHE=off keeps none. Nothing is read or written until a
// program is compiled, and a folder that cannot be used only costs the
// compile.
func useJITCache() {
	dir := os.Getenv("CPU32_CACHE")
	switch dir {
	case "off":
		return
	case "":
		base, err := os.UserCacheDir()
		if err != nil {
			return
		}
		dir = filepath.Join(base, "cpu32")
	}
	jit.UseCache(dir, cacheBytes)
}
