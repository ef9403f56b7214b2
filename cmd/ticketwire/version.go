package main

import (
	"fmt"
	"io"

	v "github.com/ticketwire/ticketwire/internal/version"
)

func version(stdout io.Writer) error {
	fmt.Fprintf(stdout, "ticketwire %s\n", v.String())
	return nil
}
