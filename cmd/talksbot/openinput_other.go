//go:build !unix

package main

import "os"

// No O_NONBLOCK or O_NOFOLLOW here.
const openNonblock = 0

// openUnder opens dir/rel under dir (os.Root: no link or ".." leads out of
// it); open then checks that it is the regular file listed.
func openUnder(dir, rel string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	return root.Open(rel)
}

func isLinkErr(error) bool { return false }
