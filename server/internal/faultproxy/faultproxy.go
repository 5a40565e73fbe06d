// Package faultproxy is a small TCP proxy, run inside a test, that puts
// faults between a program and a server it talks to (Factdesk and
// PostgreSQL), in the manner of toxiproxy: latency, connections reset, and a
// black hole in which the other side simply stops answering.
//
// Point the program at Proxy.Addr instead of the server; every connection is
// forwarded to the target as it is, until a fault is switched on.
package faultproxy

import (
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"
)

// Proxy forwards every connection made to its address to the target.
type Proxy struct {
	ln     net.Listener
	target string

	mu      sync.Mutex
	latency time.Duration
	// hole is open while a black hole is on, closed when it ends, and nil
	// while there is none.
	hole      chan struct{}
	refusing  bool
	links     map[*link]struct{}
	accepted  int
	closed    bool
	closeOnce sync.Once
	wg        sync.WaitGroup
}

// link is one client connection and its connection to the target.
type link struct {
	client net.Conn
	done   chan struct{} // closed when the link is cut

	mu      sync.Mutex
	server  net.Conn // nil until dialed
	isCut   bool
	stalled bool
}

// Listen starts a proxy on a free loopback port that forwards to target
// (host:port).
func Listen(target string) (*Proxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{ln: ln, target: target, links: map[*link]struct{}{}}
	p.wg.Add(1)
	go p.acceptLoop()
	return p, nil
}

// Addr is the host:port to connect to instead of the target.
func (p *Proxy) Addr() string { return p.ln.Addr().String() }

// SetLatency delays every chunk of data, in each direction, by d (0 for
// none). It applies to what is read from now on, on every link.
func (p *Proxy) SetLatency(d time.Duration) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.latency = d
}

// Blackhole starts (on) or ends a black hole. While it lasts, nothing gets
// through in either direction and new connections are accepted but not
// answered: to both ends the other one has simply gone silent, as when a
// network drops every packet. Like TCP over a network that heals, nothing
// is lost: what was held back is delivered when the black hole ends (unless
// an end gave up and closed its connection meanwhile).
func (p *Proxy) Blackhole(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch {
	case on && p.hole == nil:
		p.hole = make(chan struct{})
	case !on && p.hole != nil:
		close(p.hole)
		p.hole = nil
	}
}

// Stall silences every link open now, for good: nothing more gets through
// on them in either direction, while new connections work. It is a
// connection that died without either end being told (a NAT or firewall
// that forgot it, a peer that vanished): only a deadline or a keepalive
// notices. It returns how many links it stalled.
func (p *Proxy) Stall() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	for l := range p.links {
		l.mu.Lock()
		l.stalled = true
		l.mu.Unlock()
	}
	return len(p.links)
}

// Refuse makes new connections (on) be reset as soon as they are accepted,
// as by a server that is down; open ones are left alone.
func (p *Proxy) Refuse(on bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.refusing = on
}

// ResetAll cuts every open link with a TCP reset on both sides, as a
// crashing server or a stateful firewall forgetting the connections would,
// and returns how many there were.
func (p *Proxy) ResetAll() int {
	p.mu.Lock()
	links := make([]*link, 0, len(p.links))
	for l := range p.links {
		links = append(links, l)
	}
	p.mu.Unlock()
	for _, l := range links {
		l.cut()
	}
	return len(links)
}

// Stats say how many connections the proxy has forwarded.
type Stats struct {
	// Open is how many links are open now; Accepted how many were ever made.
	Open, Accepted int
}

// Stats returns the proxy's counts.
func (p *Proxy) Stats() Stats {
	p.mu.Lock()
	defer p.mu.Unlock()
	return Stats{Open: len(p.links), Accepted: p.accepted}
}

// Close stops listening, resets every link and waits until every goroutine
// of the proxy has ended.
func (p *Proxy) Close() error {
	var err error
	p.closeOnce.Do(func() {
		p.mu.Lock()
		p.closed = true
		p.mu.Unlock()
		err = p.ln.Close()
		p.ResetAll()
		p.Blackhole(false) // wake links waiting for the black hole to end
	})
	p.wg.Wait()
	return err
}

func (p *Proxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.ln.Accept()
		if err != nil {
			return // closed
		}
		p.mu.Lock()
		if p.closed || p.refusing {
			p.mu.Unlock()
			reset(c)
			continue
		}
		l := &link{client: c, done: make(chan struct{})}
		p.links[l] = struct{}{}
		p.accepted++
		p.wg.Add(1)
		p.mu.Unlock()
		go p.serve(l)
	}
}

// serve connects l to the target (once no black hole stops it) and copies
// both ways until either side ends or the link is cut.
func (p *Proxy) serve(l *link) {
	defer p.wg.Done()
	defer func() {
		l.cut()
		p.mu.Lock()
		delete(p.links, l)
		p.mu.Unlock()
	}()
	if !p.waitOpen(l) {
		return
	}
	server, err := net.DialTimeout("tcp", p.target, 10*time.Second)
	if err != nil {
		return // the client sees its connection reset
	}
	if !l.setServer(server) {
		return // cut while dialing
	}
	var pumps sync.WaitGroup
	pumps.Go(func() { p.pump(l, server, l.client) })
	pumps.Go(func() { p.pump(l, l.client, server) })
	pumps.Wait()
}

// pump copies from src to dst, chunk by chunk, delaying each by the
// latency and holding it during a black hole. An orderly end of src is
// passed on as a half-close; anything else cuts the link.
func (p *Proxy) pump(l *link, dst, src net.Conn) {
	buf := make([]byte, 32<<10)
	for {
		n, err := src.Read(buf)
		if n > 0 {
			p.mu.Lock()
			delay := p.latency
			p.mu.Unlock()
			if delay > 0 {
				t := time.NewTimer(delay)
				select {
				case <-t.C:
				case <-l.done:
					t.Stop()
					return
				}
			}
			if !p.waitOpen(l) {
				return
			}
			if _, werr := dst.Write(buf[:n]); werr != nil {
				l.cut()
				return
			}
		}
		if err != nil {
			if tc, ok := dst.(*net.TCPConn); ok && errors.Is(err, io.EOF) {
				tc.CloseWrite()
				return
			}
			l.cut()
			return
		}
	}
}

// waitOpen waits while a black hole is on, and for ever on a stalled link;
// false means the link was cut meanwhile.
func (p *Proxy) waitOpen(l *link) bool {
	l.mu.Lock()
	stalled := l.stalled
	l.mu.Unlock()
	if stalled {
		<-l.done
		return false
	}
	for {
		p.mu.Lock()
		hole := p.hole
		p.mu.Unlock()
		if hole == nil {
			select {
			case <-l.done:
				return false
			default:
				return true
			}
		}
		select {
		case <-hole:
		case <-l.done:
			return false
		}
	}
}

// setServer records the link's connection to the target; false (and the
// connection reset) when the link was cut meanwhile.
func (l *link) setServer(c net.Conn) bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isCut {
		reset(c)
		return false
	}
	l.server = c
	return true
}

// cut resets both of the link's connections, once.
func (l *link) cut() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.isCut {
		return
	}
	l.isCut = true
	close(l.done)
	reset(l.client)
	if l.server != nil {
		reset(l.server)
	}
}

// reset closes c with a TCP reset instead of an orderly close.
func reset(c net.Conn) {
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	c.Close()
}
