package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const (
	goodToken = "MTAwMDAwMDAwMDAwMDAwMDAy.config.token-secret-part-wxyz"
	goodKey   = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
)

// configRun runs `talksbot config` with an environment and flags.
func configRun(t *testing.T, envv map[string]string, args ...string) (string, error) {
	t.Helper()
	var out, errb bytes.Buffer
	err := run(context.Background(), append([]string{"config"}, args...), func(k string) string { return envv[k] }, &out, &errb)
	return out.String() + errb.String(), err
}

func TestConfig(t *testing.T) {
	tokenFile := filepath.Join(t.TempDir(), "token")
	os.WriteFile(tokenFile, []byte(goodToken+"\n"), 0o600)
	for _, tc := range []struct {
		name     string
		env      map[string]string
		args     []string
		problems []string // substrings, one per problem; none: valid
	}{
		{"gateway, token only", map[string]string{"DISCORD_TOKEN": goodToken}, nil, nil},
		{"token from a file", map[string]string{"DISCORD_TOKEN_FILE": tokenFile}, nil, nil},
		{"token with Bot prefix", map[string]string{"DISCORD_TOKEN": "Bot " + goodToken}, nil, nil},
		{"no token", nil, nil, []string{"DISCORD_TOKEN: not set"}},
		{"both token and file", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_TOKEN_FILE": tokenFile}, nil, []string{"keep one"}},
		{"missing token file", map[string]string{"DISCORD_TOKEN_FILE": "/nonexistent/token"}, nil, []string{"DISCORD_TOKEN_FILE: read the token file"}},
		{"token is not a token", map[string]string{"DISCORD_TOKEN": "hunter2"}, nil, []string{"does not look like a bot token"}},
		{"http needs the public key", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--http", ":8080"}, []string{"DISCORD_PUBLIC_KEY: not set"}},
		{"http with key", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_PUBLIC_KEY": goodKey, "TALKSBOT_HTTP_ADDR": ":8080"}, nil, nil},
		{"public key too short", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_PUBLIC_KEY": "abcd"}, nil, []string{"64 hex digits"}},
		{"public key not hex", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--discord-public-key", strings.Repeat("zz", 32)}, []string{"64 hex digits"}},
		{"shard id ≥ count", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_SHARD_COUNT": "2"}, []string{"--shard-id", "2"}, []string{"shard 2 does not exist"}},
		{"shards 1 of 2", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--shard-id", "1", "--shard-count", "2"}, nil},
		{"shards auto", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_SHARD_COUNT": "auto", "TALKSBOT_SHARD_ID": "5"}, nil, nil},
		{"bad shard values", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_SHARD_COUNT": "0", "TALKSBOT_SHARD_ID": "-1"}, nil, []string{"TALKSBOT_SHARD_ID (--shard-id)", "TALKSBOT_SHARD_COUNT (--shard-count)"}},
		{"shards with http", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_PUBLIC_KEY": goodKey}, []string{"--http", ":8080", "--shard-count", "2"}, []string{"HTTP interactions endpoint needs none"}},
		{"mentions with http", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_PUBLIC_KEY": goodKey, "TALKSBOT_MESSAGE_CONTENT": "true"}, []string{"--http", ":8080"}, []string{"need the gateway"}},
		{"bad admin address", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_ADMIN_ADDR": "localhost"}, nil, []string{"TALKSBOT_ADMIN_ADDR (--admin-addr): \"localhost\" is not an address"}},
		{"admin off", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--admin-addr", ""}, nil},
		{"admin on the http address", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_PUBLIC_KEY": goodKey}, []string{"--http", ":8080", "--admin-addr", ":8080"}, []string{"give the admin endpoint its own"}},
		{"bad booleans and choices", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_MESSAGE_CONTENT": "yes please", "TALKSBOT_LOG_FORMAT": "xml", "TALKSBOT_LOG_LEVEL": "loud"}, nil,
			[]string{"TALKSBOT_MESSAGE_CONTENT", "TALKSBOT_LOG_FORMAT", "TALKSBOT_LOG_LEVEL"}},
		{"bad IDs", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_GUILD_ID": "my server", "TALKSBOT_MOD_ROLE": "100000000000000099,mods"}, nil, []string{"DISCORD_GUILD_ID", "TALKSBOT_MOD_ROLE"}},
		{"bad API URL", map[string]string{"DISCORD_TOKEN": goodToken, "DISCORD_API_URL": "ftp://x"}, nil, []string{"DISCORD_API_URL"}},
		{"read-only replica", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_READ_ONLY": "true"}, []string{"--reload-every", "5s"}, nil},
		{"read-only that publishes", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--read-only", "--publish", "/srv/pub"}, []string{"publishes nothing"}},
		{"publish into the data directory", map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_DATA": "/data"}, []string{"--publish", "/data/"}, []string{"the data directory itself"}},
		{"reload too often", map[string]string{"DISCORD_TOKEN": goodToken}, []string{"--read-only", "--reload-every", "10ms"}, []string{"a second or more"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			out, err := configRun(t, tc.env, tc.args...)
			if (err != nil) != (len(tc.problems) > 0) {
				t.Fatalf("config %v = %v; want %d problem(s)\n%s", tc.args, err, len(tc.problems), out)
			}
			if len(tc.problems) == 0 {
				if !strings.Contains(out, "No problems found.") {
					t.Errorf("output does not say it is fine:\n%s", out)
				}
			} else {
				for _, p := range tc.problems {
					if !strings.Contains(out, p) {
						t.Errorf("output lacks problem %q:\n%s", p, out)
					}
				}
				if n := strings.Count(out, "  ✗ "); n != len(tc.problems) {
					t.Errorf("%d problems listed; want %d:\n%s", n, len(tc.problems), out)
				}
			}
			for _, secret := range []string{goodToken, strings.Split(goodToken, ".")[2], "token-secret"} {
				if strings.Contains(out, secret) {
					t.Errorf("config shows the token (%q):\n%s", secret, out)
				}
			}
		})
	}
}

func TestConfigShowsSources(t *testing.T) {
	out, err := configRun(t, map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_SHARD_COUNT": "4", "TALKSBOT_SHARD_ID": "1"}, "--shard-id", "3")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`TALKSBOT_SHARD_ID         "3"`, "flag", // the flag wins over the environment
		`TALKSBOT_SHARD_COUNT      "4"`, "env",
		`TALKSBOT_ADMIN_ADDR       "127.0.0.1:9090"   default`,
		"****wxyz (masked)",
		"Mode:   gateway, shard 3 of 4",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("config output lacks %q:\n%s", want, out)
		}
	}
}

// Every setting has a variable, and a flag unless it is a secret; the
// configuration table of docs/OPERATIONS.md lists them all.
func TestSettingsTable(t *testing.T) {
	doc, _ := os.ReadFile(filepath.Join(repoRoot(t), "docs", "OPERATIONS.md"))
	seen := map[string]bool{}
	for _, s := range settings {
		if s.env == "" || (s.flag == "" && !s.secret) || s.help == "" {
			t.Errorf("setting %+v: every setting needs a variable, help, and a flag unless secret", s)
		}
		if !strings.HasPrefix(s.env, "TALKSBOT_") && !strings.HasPrefix(s.env, "DISCORD_") {
			t.Errorf("%s: variables are TALKSBOT_* or Discord's DISCORD_*", s.env)
		}
		row := "| `" + s.env + "` | "
		if s.flag != "" {
			row += "`--" + s.flag + "`"
		}
		if !strings.Contains(string(doc), row) {
			t.Errorf("docs/OPERATIONS.md's configuration table has no row %q", row)
		}
		if seen[s.key()] {
			t.Errorf("setting %s defined twice", s.key())
		}
		seen[s.key()] = true
		if s.def != "" && s.check != nil {
			if err := s.check(s.def); err != nil {
				t.Errorf("%s: the default %q fails its own check: %v", s.env, s.def, err)
			}
		}
	}
}

func TestServeRefusesABadConfiguration(t *testing.T) {
	var out bytes.Buffer
	envv := map[string]string{"DISCORD_TOKEN": goodToken, "TALKSBOT_SHARD_COUNT": "2", "TALKSBOT_SHARD_ID": "7", "TALKSBOT_DATA": t.TempDir()}
	err := run(context.Background(), []string{"serve"}, func(k string) string { return envv[k] }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "shard 7 does not exist") || !strings.Contains(err.Error(), "talksbot config") {
		t.Errorf("serve with shard 7 of 2 = %v", err)
	}
}
