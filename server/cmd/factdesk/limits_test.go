package main

import (
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gorilla/websocket"

	"github.com/factdesk/factdesk/server/internal/store/storetest"
)

// trickle opens a raw connection, sends head at once, then one byte of
// rest per second, and reports when the server has closed the connection:
// nil, or why it was not closed within bound.
func trickle(addr, head, rest string, bound time.Duration) error {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		return err
	}
	defer conn.Close()
	if _, err := io.WriteString(conn, head); err != nil {
		return err
	}
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		tick := time.NewTicker(time.Second)
		defer tick.Stop()
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			case <-tick.C:
			}
			if _, err := conn.Write([]byte{rest[i%len(rest)]}); err != nil {
				return // closed by the server: the reader sees it too
			}
		}
	}()
	// Whatever the server answers (nothing, or an error status), it must
	// end the connection; only our own deadline means it held on.
	conn.SetReadDeadline(time.Now().Add(bound))
	_, err = io.Copy(io.Discard, conn)
	if ne, ok := errors.AsType[net.Error](err); ok && ne.Timeout() {
		return errors.New("still open")
	}
	return nil // EOF or reset: closed
}

// TestSlowClientsCannotHoldTheServer opens connections that send their
// headers, or their body, one byte a second (slow-loris): the server closes
// them once the configured timeout passes, and serves everyone else
// meanwhile. The bound is generous, yet shorter than the default timeouts
// (10 s, 1 min), so it also checks that the configuration is applied.
func TestSlowClientsCannotHoldTheServer(t *testing.T) {
	in := start(t, map[string]string{"DATABASE_URL": storetest.NewURL(t), "FACTDESK_DEMO_PASSWORD": "demo-password-1",
		"FACTDESK_READ_HEADER_TIMEOUT": "1s", "FACTDESK_READ_TIMEOUT": "2s"})
	addr := strings.TrimPrefix(in.URL, "http://")
	const bound = 8 * time.Second
	slowHeaders := "GET /healthz HTTP/1.1\r\nHost: localhost\r\n"
	slowBody := "POST /api/session HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"
	var wg sync.WaitGroup
	errs := make(chan error, 20)
	for i := range 10 {
		wg.Go(func() {
			if err := trickle(addr, slowHeaders, "X-Slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n", bound); err != nil {
				errs <- errors.New("slow headers: " + err.Error())
			}
		})
		if i%2 == 0 {
			wg.Go(func() {
				if err := trickle(addr, slowBody, `"email": "editor@factdesk.example",`, bound); err != nil {
					errs <- errors.New("slow body: " + err.Error())
				}
			})
		}
	}
	// Meanwhile everyone else is served.
	time.Sleep(500 * time.Millisecond)
	c := login(t, in.URL, "editor@factdesk.example", "demo-password-1")
	if res, err := c.Get(in.URL + "/api/session"); err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("a normal request while slow clients are connected: %v %v", res, err)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
}

// TestSocketCapIsConfigured checks that FACTDESK_MAX_SOCKETS_PER_USER
// reaches the hub: with a cap of 2, a user's third socket is refused.
func TestSocketCapIsConfigured(t *testing.T) {
	in := start(t, map[string]string{"DATABASE_URL": storetest.NewURL(t), "FACTDESK_DEMO_PASSWORD": "demo-password-1",
		"FACTDESK_MAX_SOCKETS_PER_USER": "2"})
	c := login(t, in.URL, "editor@factdesk.example", "demo-password-1")
	for i := range 3 {
		conn, res, err := dialLive(c, in.URL)
		if i < 2 {
			if err != nil {
				t.Fatalf("socket %d: %v", i+1, err)
			}
			defer conn.Close()
			continue
		}
		if err == nil || res == nil || res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("socket 3 with a cap of 2: %v %v, want 429", err, res)
		}
	}
}

func dialLive(c *http.Client, base string) (*websocket.Conn, *http.Response, error) {
	d := websocket.Dialer{Jar: c.Jar, HandshakeTimeout: 10 * time.Second}
	return d.Dial("ws"+strings.TrimPrefix(base, "http")+"/api/live", http.Header{"Origin": {base}})
}
