package main

import (
	"context"
	"fmt"
)

func cmdEval(ctx context.Context, e env, args []string) error {
	return fmt.Errorf("eval: not yet")
}
