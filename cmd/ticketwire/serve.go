package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ticketwire/ticketwire/internal/config"
	"github.com/ticketwire/ticketwire/internal/logging"
	"github.com/ticketwire/ticketwire/internal/server"
)

func serve(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	cfg, err := config.Load(flag.NewFlagSet("serve", flag.ContinueOnError), args, getenv, "addr", "data-dir", "database-url", "no-http")
	if err != nil {
		return err
	}
	log := logging.New(stderr, cfg.LogLevel, cfg.LogFormat)
	s, err := server.Open(ctx, cfg, server.Options{Log: log})
	if err != nil {
		return err
	}
	defer s.Close()
	if s.FirstAdmin.Created {
		printFirstAdmin(stdout, s.FirstAdmin.Email, s.FirstAdmin.Password, s.FirstAdmin.Token, cfg.AdminPassword != "")
	}
	return s.Run(ctx, nil)
}

// printFirstAdmin shows the new admin's credentials once, on stdout (not in
// the log), since they cannot be shown again.
func printFirstAdmin(w io.Writer, email, password, token string, configured bool) {
	fmt.Fprintln(w, "ticketwire: created the first admin (shown only this once)")
	fmt.Fprintf(w, "  email:     %s\n", email)
	if configured {
		fmt.Fprintln(w, "  password:  (from TICKETWIRE_ADMIN_PASSWORD)")
	} else {
		fmt.Fprintf(w, "  password:  %s\n", password)
	}
	fmt.Fprintf(w, "  API token: %s\n", token)
}
