// Command factdesk is the Factdesk server and its operator tools.
//
//	factdesk serve                  serve the app and API (the default)
//	factdesk migrate                apply database migrations and exit
//	factdesk user add --email ...   add a user to a workspace
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "factdesk:", err)
		os.Exit(1)
	}
}
