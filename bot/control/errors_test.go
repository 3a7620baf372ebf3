package control

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
)

// TestSocketErrorsSayWhat: a request over the limit is "too big" (the
// *http.MaxBytesError was hidden behind "bad request"), and a socket this
// user may not open is "permission denied" with what to do, not "nothing
// answers".
func TestSocketErrorsSayWhat(t *testing.T) {
	d, _ := serve(t)
	ctx := context.Background()
	c, err := Dial(ctx, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	_, err = c.Ask(ctx, strings.Repeat("troops ", 20<<10), 3)
	if err == nil || !strings.Contains(err.Error(), "too big") || strings.Contains(err.Error(), "bad request") {
		t.Errorf("Ask of 140 KB = %v; want too big", err)
	}

	if os.Geteuid() == 0 {
		t.Skip("root opens any socket")
	}
	sock := SocketPath(d.Dir)
	if err := os.Chmod(sock, 0); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(sock, 0o600)
	_, err = Dial(ctx, d.Dir)
	if !errors.Is(err, ErrPermission) || errors.Is(err, ErrNoServer) || !strings.Contains(err.Error(), "run this command as that user") {
		t.Errorf("Dial of a socket without permission = %v; want permission denied, saying what to do", err)
	}
}
