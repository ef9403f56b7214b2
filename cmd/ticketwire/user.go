package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/ticketwire/ticketwire/internal/auth"
)

func userCreate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	var in auth.NewUser
	fs.StringVar(&in.Email, "email", "", "email address (required)")
	fs.StringVar(&in.Name, "name", "", "display name")
	fs.StringVar(&in.Role, "role", "", "admin or agent (required)")
	fs.StringVar(&in.Password, "password", "", "password for signing in (at least 8 characters); empty means token access only")
	st, err := openStore(ctx, "user create", args, getenv, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	u, err := auth.New(st).CreateUser(ctx, in)
	if err != nil {
		return fmt.Errorf("user create: %w", err)
	}
	fmt.Fprintln(stdout, u.ID)
	return nil
}

func tokenCreate(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("token create", flag.ContinueOnError)
	email := fs.String("email", "", "email of the user the token acts as (required)")
	name := fs.String("name", "", "a label for the token, such as the script that uses it")
	st, err := openStore(ctx, "token create", args, getenv, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	token, err := auth.New(st).CreateToken(ctx, *email, *name)
	if err != nil {
		return fmt.Errorf("token create: %w", err)
	}
	fmt.Fprintln(stdout, token)
	return nil
}

// userPassword sets a user's password, generating one when --password is
// not given, and prints the generated one; every session of the user ends.
func userPassword(ctx context.Context, args []string, getenv func(string) string, stdout io.Writer) error {
	fs := flag.NewFlagSet("user password", flag.ContinueOnError)
	email := fs.String("email", "", "email of the user (required)")
	password := fs.String("password", "", "the new password (at least 8 characters); empty generates one and prints it")
	st, err := openStore(ctx, "user password", args, getenv, fs)
	if err != nil {
		return err
	}
	defer st.Close()
	if *email == "" {
		return fmt.Errorf("user password: --email is required")
	}
	p, err := auth.New(st).ResetPasswordByEmail(ctx, *email, *password)
	if err != nil {
		return fmt.Errorf("user password: %w", err)
	}
	if *password == "" {
		fmt.Fprintln(stdout, p)
	}
	return nil
}
