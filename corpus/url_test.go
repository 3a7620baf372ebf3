package corpus

import "testing"

func TestNormalizeURL(t *testing.T) {
	tests := []struct{ in, want string }{
		{"https://www.Example.com/a/b/?utm_source=x&id=3#frag", "https://example.com/a/b?id=3"},
		{"http://example.com:80/", "https://example.com"},
		{"https://example.com:8443/x", "https://example.com:8443/x"},
		{"https://user:pw@example.com/x", "https://example.com/x"},
	}
	for _, tt := range tests {
		if got, ok := NormalizeURL(tt.in); !ok || got != tt.want {
			t.Errorf("NormalizeURL(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"", "example.com/x", "file:///etc/passwd", "mailto:a@b.c"} {
		if got, ok := NormalizeURL(bad); ok {
			t.Errorf("NormalizeURL(%q) = %q, true; want false", bad, got)
		}
	}
}
