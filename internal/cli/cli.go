// Package cli holds what the programs' entry points share: flags with
// ACCUEIL_* environment fallbacks, and running until interrupted.
package cli

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"syscall"
)

// Env returns the environment variable ACCUEIL_<name>, or def when it is
// unset or empty: the default of a flag.
func Env(name, def string) string {
	if v := os.Getenv("ACCUEIL_" + name); v != "" {
		return v
	}
	return def
}

// EnvBool is Env for a boolean flag; a value that is not a boolean is false.
func EnvBool(name string, def bool) bool {
	b, err := strconv.ParseBool(Env(name, strconv.FormatBool(def)))
	return err == nil && b
}

// Main parses the command line with parse, then calls run with a context
// cancelled by SIGINT or SIGTERM. It exits 2 on a bad command line and 1
// when run fails, printing the error prefixed with name.
func Main[C any](name string, parse func(args []string) (C, error), run func(context.Context, C) error) {
	cfg, err := parse(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		fmt.Fprintln(os.Stderr, name+":", err)
		stop()
		os.Exit(1)
	}
}
