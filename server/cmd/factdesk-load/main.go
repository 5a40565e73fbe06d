// Command factdesk-load is the load benchmark of issue 4. It orchestrates
// each run end to end: a fresh database, bin/factdesk serve pinned to one
// core, this generator pinned to another, websocket viewers and REST
// writers on loopback, and a report of every number with the median of
// the runs (results.json and RESULTS.md beside this file).
//
//	go run ./server/cmd/factdesk-load -bin bin/factdesk
//	go run ./server/cmd/factdesk-load -scenarios fanout-100,rest-create -runs 1
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
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "factdesk-load:", err)
		os.Exit(1)
	}
}
