package index_test

import (
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/banktest"
)

func init() { index.AddCleanup(banktest.Close) }
