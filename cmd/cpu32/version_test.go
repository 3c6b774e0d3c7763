package main

import (
	"runtime"
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestVersionLine(t *testing.T) {
	platform := " " + runtime.GOOS + "/" + runtime.GOARCH
	vcs := func(kv ...string) []debug.BuildSetting {
		var s []debug.BuildSetting
		for i := 0; i < len(kv); i += 2 {
			s = append(s, debug.BuildSetting{Key: kv[i], Value: kv[i+1]})
		}
		return s
	}
	for _, tc := range []struct {
		name string
		bi   *debug.BuildInfo
		ok   bool
		want string
	}{
		{"no build info", nil, false, "cpu32 (devel) " + runtime.Version() + platform},
		{"go install of a release", &debug.BuildInfo{GoVersion: "go1.25.1", Main: debug.Module{Version: "v1.2.0"}},
			true, "cpu32 v1.2.0 go1.25.1" + platform},
		{"a checkout without VCS stamping", &debug.BuildInfo{GoVersion: "go1.25.1", Main: debug.Module{Version: "(devel)"}},
			true, "cpu32 (devel) go1.25.1" + platform},
		{"no version at all", &debug.BuildInfo{GoVersion: "go1.25.1"}, true, "cpu32 (devel) go1.25.1" + platform},
		{"a checkout with changes", &debug.BuildInfo{GoVersion: "go1.26.0",
			Main:     debug.Module{Version: "v0.0.0-20261207121433-d4e97398c53b+dirty"},
			Settings: vcs("vcs", "git", "vcs.revision", "d4e97398c53b0a3c5d8a2f1b7e6c9d0a1b2c3d4e", "vcs.time", "2026-12-07T12:14:33Z", "vcs.modified", "true")},
			true, "cpu32 v0.0.0-20261207121433-d4e97398c53b+dirty (revision d4e97398c53b, 2026-12-07T12:14:33Z, modified) go1.26.0" + platform},
		{"a clean checkout", &debug.BuildInfo{GoVersion: "go1.26.0",
			Settings: vcs("vcs.revision", "d4e97398c53b0a3c", "vcs.modified", "false")},
			true, "cpu32 (devel) (revision d4e97398c53b) go1.26.0" + platform},
		{"a short revision", &debug.BuildInfo{GoVersion: "go1.26.0", Settings: vcs("vcs.revision", "abc")},
			true, "cpu32 (devel) (revision abc) go1.26.0" + platform},
	} {
		assert.Equal(t, tc.want, versionLine(tc.bi, tc.ok), tc.name)
	}
}

// cpu32 --version and cpu32 version print the same line, of this build.
func TestVersionCommand(t *testing.T) {
	want := versionLine(debug.ReadBuildInfo()) + "\n"
	assert.Equal(t, result{want, "", exitOK}, cli(t, "--version"))
	assert.Equal(t, result{want, "", exitOK}, cli(t, "version"))
	assert.Regexp(t, `^cpu32 \S+ .*go1\.\d+\S* \w+/\w+\n$`, want)
	assert.Equal(t, result{"", "cpu32 version: unexpected argument \"x\"\nRun 'cpu32 version --help' for usage.\n", exitUsage}, cli(t, "version", "x"))
	assert.Contains(t, cli(t, "--help").stdout, "\n  version print cpu32's version")
}
