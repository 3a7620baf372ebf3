package control

import (
	"bufio"
	"io"
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
	return err == nil // EOF: the server closed it; a timeout is an error
}

// TestControlSocketLimits: the control socket closes idle keep-alive
// connections and bodies sent by halves, and serves at most MaxConns
// connections at once (the others wait their turn).
func TestControlSocketLimits(t *testing.T) {
	oldIdle, oldBody, oldMax := IdleTimeout, BodyTimeout, MaxConns
	IdleTimeout, BodyTimeout, MaxConns = 200*time.Millisecond, 300*time.Millisecond, 3
	defer func() { IdleTimeout, BodyTimeout, MaxConns = oldIdle, oldBody, oldMax }()
	d, _ := serve(t)
	dial := func() net.Conn {
		c, err := net.Dial("unix", SocketPath(d.Dir))
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		return c
	}
	const get = "GET /sources HTTP/1.1\r\nHost: talksbot\r\n\r\n"

	idle := dial()
	io.WriteString(idle, get)
	resp, err := http.ReadResponse(bufio.NewReader(idle), nil)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if !closedWithin(idle, 2*time.Second) {
		t.Errorf("an idle keep-alive connection was open after 2 s (IdleTimeout %s)", IdleTimeout)
	}
	half := dial()
	io.WriteString(half, "POST /ask HTTP/1.1\r\nHost: talksbot\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"question\": \"")
	if !closedWithin(half, 2*time.Second) {
		t.Errorf("a body sent by halves held its connection past 2 s (BodyTimeout %s)", BodyTimeout)
	}

	var held []net.Conn
	for range MaxConns {
		c := dial()
		io.WriteString(c, get)
		held = append(held, c)
	}
	time.Sleep(50 * time.Millisecond)
	extra := dial()
	io.WriteString(extra, "GET /sources HTTP/1.1\r\nHost: talksbot\r\nConnection: close\r\n\r\n")
	extra.SetReadDeadline(time.Now().Add(100 * time.Millisecond))
	if n, _ := extra.Read(make([]byte, 1)); n > 0 {
		t.Errorf("connection %d was served beside %d open ones; want at most %d at once", MaxConns+1, MaxConns, MaxConns)
	}
	for _, c := range held {
		c.Close()
	}
	extra.SetReadDeadline(time.Now().Add(2 * time.Second))
	if b, err := io.ReadAll(extra); !strings.Contains(string(b), "200 OK") {
		t.Errorf("the waiting connection got %q, %v once the others closed; want it served", b, err)
	}
}
