package faultproxy

import (
	"bufio"
	"errors"
	"io"
	"net"
	"syscall"
	"testing"
	"time"

	"go.uber.org/goleak"
)

// noLeaks checks, after everything else the test set up has been cleaned
// up, that no goroutine was left behind.
func noLeaks(t *testing.T) {
	t.Cleanup(func() { goleak.VerifyNone(t) })
}

// echoServer answers every line with the same line until the test ends.
func echoServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go func() {
				defer c.Close()
				io.Copy(c, c)
			}()
		}
	}()
	t.Cleanup(func() { ln.Close(); <-done })
	return ln.Addr().String()
}

func startProxy(t *testing.T) *Proxy {
	t.Helper()
	p, err := Listen(echoServer(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.Close() })
	return p
}

func dial(t *testing.T, p *Proxy) (net.Conn, *bufio.Reader) {
	t.Helper()
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c, bufio.NewReader(c)
}

// roundTrip sends a line and returns the echo, or the read error after
// wait.
func roundTrip(c net.Conn, r *bufio.Reader, line string, wait time.Duration) (string, error) {
	if _, err := c.Write([]byte(line + "\n")); err != nil {
		return "", err
	}
	c.SetReadDeadline(time.Now().Add(wait))
	got, err := r.ReadString('\n')
	c.SetReadDeadline(time.Time{})
	return got, err
}

func TestForwardsUntouched(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	c, r := dial(t, p)
	for _, line := range []string{"one", "two", "three"} {
		got, err := roundTrip(c, r, line, 5*time.Second)
		if err != nil || got != line+"\n" {
			t.Fatalf("echo of %q: %q %v", line, got, err)
		}
	}
	if s := p.Stats(); s.Open != 1 || s.Accepted != 1 {
		t.Fatalf("stats %+v, want one open link", s)
	}
	c.Close()
	p.Close()
}

func TestLatencyDelaysEachDirection(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	c, r := dial(t, p)
	p.SetLatency(100 * time.Millisecond)
	start := time.Now()
	if got, err := roundTrip(c, r, "slow", 5*time.Second); err != nil || got != "slow\n" {
		t.Fatalf("echo: %q %v", got, err)
	}
	// Two hops of 100 ms at least: there and back.
	if d := time.Since(start); d < 200*time.Millisecond {
		t.Fatalf("round trip took %v with 100 ms of latency each way", d)
	}
	p.SetLatency(0)
	c.Close()
	p.Close()
}

func TestResetAllCutsOpenLinksOnly(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	c, r := dial(t, p)
	if _, err := roundTrip(c, r, "before", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := p.ResetAll(); n != 1 {
		t.Fatalf("reset %d links, want 1", n)
	}
	_, err := roundTrip(c, r, "after", 5*time.Second)
	if !errors.Is(err, syscall.ECONNRESET) && !errors.Is(err, io.EOF) && !errors.Is(err, syscall.EPIPE) {
		t.Fatalf("a reset link answered: %v", err)
	}
	c2, r2 := dial(t, p)
	if got, err := roundTrip(c2, r2, "new", 5*time.Second); err != nil || got != "new\n" {
		t.Fatalf("a new link after the reset: %q %v", got, err)
	}
	c2.Close()
	p.Close()
}

func TestBlackholeHoldsThenDelivers(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	c, r := dial(t, p)
	if _, err := roundTrip(c, r, "warm", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	p.Blackhole(true)
	_, err := roundTrip(c, r, "held", 300*time.Millisecond)
	var ne net.Error
	if !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("through a black hole the echo came back: %v", err)
	}
	// A connection made during the black hole is accepted but silent too.
	c2, r2 := dial(t, p)
	if _, err := roundTrip(c2, r2, "new", 300*time.Millisecond); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("a new link answered through a black hole: %v", err)
	}
	p.Blackhole(false)
	c.SetReadDeadline(time.Now().Add(5 * time.Second))
	if got, err := r.ReadString('\n'); err != nil || got != "held\n" {
		t.Fatalf("after the black hole: %q %v, want what was held back", got, err)
	}
	c2.SetReadDeadline(time.Now().Add(5 * time.Second))
	if got, err := r2.ReadString('\n'); err != nil || got != "new\n" {
		t.Fatalf("the link made during the black hole: %q %v", got, err)
	}
	c.Close()
	c2.Close()
	p.Close()
}

func TestRefuseResetsNewConnections(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	p.Refuse(true)
	// The reset may come before the dial returns, or at the first read.
	if c, err := net.Dial("tcp", p.Addr()); err == nil {
		if _, err := roundTrip(c, bufio.NewReader(c), "x", 5*time.Second); err == nil {
			t.Fatal("a refused connection answered")
		}
		c.Close()
	}
	p.Refuse(false)
	c2, r2 := dial(t, p)
	if got, err := roundTrip(c2, r2, "y", 5*time.Second); err != nil || got != "y\n" {
		t.Fatalf("after refusing: %q %v", got, err)
	}
	c2.Close()
	p.Close()
}

// TestCloseDuringBlackholeEndsEverything checks that Close does not wait
// for a black hole to end, nor leave goroutines behind.
func TestCloseDuringBlackholeEndsEverything(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	c, _ := dial(t, p)
	p.Blackhole(true)
	c.Write([]byte("stuck\n"))
	c2, _ := dial(t, p)
	c2.Write([]byte("stuck too\n"))
	time.Sleep(20 * time.Millisecond)
	closed := make(chan error, 1)
	go func() { closed <- p.Close() }()
	select {
	case <-closed:
	case <-time.After(10 * time.Second):
		t.Fatal("Close hung in a black hole")
	}
	c.Close()
	c2.Close()
}

func TestStallSilencesOpenLinksOnly(t *testing.T) {
	noLeaks(t)
	p := startProxy(t)
	old, oldR := dial(t, p)
	if _, err := roundTrip(old, oldR, "before", 5*time.Second); err != nil {
		t.Fatal(err)
	}
	if n := p.Stall(); n != 1 {
		t.Fatalf("stalled %d links, want 1", n)
	}
	var ne net.Error
	if _, err := roundTrip(old, oldR, "lost", 300*time.Millisecond); !errors.As(err, &ne) || !ne.Timeout() {
		t.Fatalf("a stalled link answered: %v", err)
	}
	fresh, freshR := dial(t, p)
	if got, err := roundTrip(fresh, freshR, "new", 5*time.Second); err != nil || got != "new\n" {
		t.Fatalf("a new link after the stall: %q %v", got, err)
	}
	old.Close()
	fresh.Close()
	p.Close()
}
