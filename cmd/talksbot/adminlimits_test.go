package main

import (
	"bufio"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// closedWithin reports whether the server closes c within d.
func closedWithin(c net.Conn, d time.Duration) bool {
	c.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, c)
	return err == nil // EOF: closed by the server; a timeout is an error
}

// TestAdminEndpointLimits: the admin endpoint closes idle keep-alive
// connections and half-sent bodies, and serves at most adminMaxConns
// connections at once (the others wait their turn).
func TestAdminEndpointLimits(t *testing.T) {
	oldIdle, oldRead, oldMax := adminIdleTimeout, adminReadTimeout, adminMaxConns
	adminIdleTimeout, adminReadTimeout, adminMaxConns = 200*time.Millisecond, 300*time.Millisecond, 3
	defer func() { adminIdleTimeout, adminReadTimeout, adminMaxConns = oldIdle, oldRead, oldMax }()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, "ok")
	})
	stop, err := startAdmin(slog.New(slog.DiscardHandler), addr, h)
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}

	idle := dial()
	io.WriteString(idle, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(idle), nil); err != nil {
		t.Fatal(err)
	} else {
		resp.Body.Close()
	}
	if !closedWithin(idle, 2*time.Second) {
		t.Errorf("an idle keep-alive connection was still open after 2 s (IdleTimeout %s)", adminIdleTimeout)
	}
	half := dial()
	io.WriteString(half, "POST /x HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly a little")
	if !closedWithin(half, 2*time.Second) {
		t.Errorf("a half-sent body held its connection past 2 s (ReadTimeout %s)", adminReadTimeout)
	}

	var held []net.Conn
	for range adminMaxConns {
		c := dial()
		io.WriteString(c, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
		held = append(held, c)
	}
	time.Sleep(50 * time.Millisecond)
	extra := dial()
	io.WriteString(extra, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	extra.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := extra.Read(make([]byte, 1)); n > 0 {
		t.Errorf("connection %d was served beside %d open ones; want at most %d at once", adminMaxConns+1, adminMaxConns, adminMaxConns)
	}
	for _, c := range held {
		c.Close()
	}
	extra.SetReadDeadline(time.Now().Add(2 * time.Second))
	if b, err := io.ReadAll(extra); !strings.Contains(string(b), "ok") {
		t.Errorf("the waiting connection got %q, %v once the others closed; want it served", b, err)
	}
}
