// Package version tells which ticketwire this is, for `ticketwire version`
// and the User-Agent of outbound requests.
package version

import "runtime/debug"

// Version is set at link time (-ldflags "-X …/version.Version=v1.2.3"); a
// plain build reports the module version or "dev".
var Version = ""

// String returns the version.
func String() string {
	if Version != "" {
		return Version
	}
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "dev"
}
