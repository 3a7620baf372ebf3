package ingest

import (
	"context"
	"fmt"
	"net"
	"slices"
	"strconv"
	"strings"
)

// Allowed is one entry of an operator's fetch allow-list: a host the
// address check lets through, on a port. Port 0 means 80 and 443.
type Allowed struct {
	Host string // a name or an IP address, lower case, without brackets
	Port uint16
}

func (a Allowed) String() string {
	if a.Port == 0 {
		return a.Host
	}
	return net.JoinHostPort(a.Host, strconv.Itoa(int(a.Port)))
}

// ParseAllowList reads an allow-list, "host[:port],…" (an IPv6 address in
// brackets when it has a port): the form of TALKSBOT_FETCH_ALLOW.
func ParseAllowList(s string) ([]Allowed, error) {
	var list []Allowed
	for _, f := range strings.Split(s, ",") {
		f = strings.TrimSpace(f)
		if f == "" {
			continue
		}
		a, err := parseAllowed(f)
		if err != nil {
			return nil, fmt.Errorf("fetch allow-list entry %q: %v: want host or host:port, such as 127.0.0.1:8765", f, err)
		}
		list = append(list, a)
	}
	return list, nil
}

func parseAllowed(s string) (Allowed, error) {
	if strings.Contains(s, "://") || strings.ContainsAny(s, "/?#@ ") {
		return Allowed{}, fmt.Errorf("not a host")
	}
	host, port := s, ""
	if h, p, err := net.SplitHostPort(s); err == nil {
		host, port = h, p
	} else if strings.Count(s, ":") == 1 || strings.HasPrefix(s, "[") {
		return Allowed{}, err
	}
	host = strings.ToLower(strings.Trim(host, "[]"))
	if host == "" {
		return Allowed{}, fmt.Errorf("no host")
	}
	a := Allowed{Host: host}
	if port != "" {
		n, err := strconv.ParseUint(port, 10, 16)
		if err != nil || n == 0 {
			return Allowed{}, fmt.Errorf("port %q is not a number from 1 to 65535", port)
		}
		a.Port = uint16(n)
	}
	return a, nil
}

// AllowHosts lets the fetcher connect to the listed hosts and ports
// whatever their addresses: a feed served on 127.0.0.1:8765, an intranet
// site. The check is made on the host and port a URL (or a redirect)
// names, before it is resolved, and the connection is then made without
// the address check: the operator vouches for those hosts, and for what
// their names resolve to. Every other destination is checked as usual.
//
// Only an operator may set it (the process's configuration): any member
// who can have a page fetched can make the bot query an allowed host, and
// any page fetched can redirect there.
func AllowHosts(list ...Allowed) Option {
	return func(c *fetchConfig) { c.allow = append(c.allow, list...) }
}

// allows reports whether address ("host:port", as dialled) is on the list.
func (c fetchConfig) allows(address string) bool {
	host, port, err := net.SplitHostPort(address)
	if err != nil {
		return false
	}
	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil {
		return false
	}
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	return slices.ContainsFunc(c.allow, func(a Allowed) bool {
		if a.Host != host {
			return false
		}
		if a.Port == 0 {
			return n == 80 || n == 443
		}
		return uint64(a.Port) == n
	})
}

// dialer is the DialContext of the fetcher's transport: allowed hosts are
// dialled without the address check, every other one with it.
func (c fetchConfig) dialer(checked, unchecked *net.Dialer) func(ctx context.Context, network, address string) (net.Conn, error) {
	if len(c.allow) == 0 {
		return checked.DialContext
	}
	return func(ctx context.Context, network, address string) (net.Conn, error) {
		if c.allows(address) {
			return unchecked.DialContext(ctx, network, address)
		}
		return checked.DialContext(ctx, network, address)
	}
}
