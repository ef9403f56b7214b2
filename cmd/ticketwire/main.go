// Command ticketwire is the helpdesk: `serve` runs it, `migrate` prepares the
// database, `user create`, `user password` and `token create` manage access,
// `import gorgias` brings integrations, widgets and macros from the hosted
// helpdesk, `version` says
// which build this is.
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

const usage = `usage:
  ticketwire serve   [--addr :8080] [--data-dir ./ticketwire-data] [--database-url postgres://…] [--no-http]
  ticketwire migrate [--data-dir … | --database-url …]
  ticketwire user create --email E --name N --role admin|agent [--password P]
  ticketwire user password --email E [--password P]
  ticketwire token create --email E [--name N]
  ticketwire import gorgias [--integrations F] [--widgets F] [--macros F] [--dry-run] [--data-dir … | --database-url …]
  ticketwire version
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "ticketwire:", err)
		os.Exit(2)
	}
}

// run dispatches one command; it is main without the process around it, so
// tests can call it.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("a command is required")
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "serve":
		return serve(ctx, rest, getenv, stdout, stderr)
	case "migrate":
		return migrate(ctx, rest, getenv, stdout)
	case "user":
		switch {
		case len(rest) > 0 && rest[0] == "create":
			return userCreate(ctx, rest[1:], getenv, stdout)
		case len(rest) > 0 && rest[0] == "password":
			return userPassword(ctx, rest[1:], getenv, stdout)
		}
		return fmt.Errorf("usage: ticketwire user create --email E --name N --role admin|agent [--password P]\n" +
			"       ticketwire user password --email E [--password P]")
	case "token":
		if len(rest) == 0 || rest[0] != "create" {
			return fmt.Errorf("usage: ticketwire token create --email E [--name N]")
		}
		return tokenCreate(ctx, rest[1:], getenv, stdout)
	case "import":
		return importCmd(ctx, rest, getenv, stdout)
	case "version", "--version", "-v":
		return version(stdout)
	case "help", "--help", "-h":
		fmt.Fprint(stdout, usage)
		return nil
	default:
		fmt.Fprint(stderr, usage)
		return fmt.Errorf("unknown command %q", cmd)
	}
}
