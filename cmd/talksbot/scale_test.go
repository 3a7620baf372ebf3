package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// waitLog waits for a log line matching re and returns its first group.
func waitLog(t *testing.T, logs *lockedBuffer, re string) string {
	t.Helper()
	rx := regexp.MustCompile(re)
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if m := rx.FindStringSubmatch(logs.String()); m != nil {
			if len(m) > 1 {
				return m[1]
			}
			return m[0]
		}
	}
	t.Fatalf("no log line matches %s:\n%s", re, logs)
	return ""
}

func httpGet(t *testing.T, u string) (int, string) {
	t.Helper()
	resp, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(body)
}

// waitGet polls u until it answers 200 and its body contains want.
func waitGet(t *testing.T, u, want string) string {
	t.Helper()
	var status int
	var body string
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(25 * time.Millisecond) {
		if status, body = httpGet(t, u); status == http.StatusOK && strings.Contains(body, want) {
			return body
		}
	}
	t.Fatalf("GET %s: %d, no %q in:\n%s", u, status, want, body)
	return ""
}

func askIn(guild string) fakediscord.Interaction {
	return fakediscord.Interaction{Name: "ask", GuildID: guild, Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "How many U.S. troops are in Iraq?"}}}
}

// answered waits for the bot's accepted callback to an interaction.
func answered(t *testing.T, fd *fakediscord.Server, in fakediscord.Interaction) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	id, token, err := fd.Interact(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Route == "/interactions/"+id+"/"+token+"/callback" && c.Status == http.StatusNoContent
	}); err != nil {
		t.Fatal(err)
	}
}

// TestServeAdminEndpoint: /healthz, /readyz and /metrics on the admin
// address; JSON logs; the healthcheck command.
func TestServeAdminEndpoint(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_LOG_FORMAT": "json"})
	admin := "http://" + waitLog(t, logs, `"admin_addr":"([^"]+)"`)
	if status, body := httpGet(t, admin+"/healthz"); status != 200 || body != "ok\n" {
		t.Errorf("/healthz = %d %q", status, body)
	}
	ready := waitGet(t, admin+"/readyz", "✓ gateway")
	if !strings.Contains(ready, "✓ index") {
		t.Errorf("/readyz:\n%s", ready)
	}
	answered(t, fd, askIn(fakediscord.GuildID))
	metrics := waitGet(t, admin+"/metrics", `talksbot_questions_total{command="ask",outcome="answered"} 1`)
	for _, want := range []string{
		`talksbot_question_duration_seconds_count{command="ask"} 1`,
		`talksbot_unknown_question_ratio 0`,
		`talksbot_gateway_connected 1`,
		`talksbot_gateway_reconnects_total 0`,
		`talksbot_index_documents `,
		`talksbot_index_bytes `,
		`go_goroutines `,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %q", want)
		}
	}
	if m := regexp.MustCompile(`talksbot_index_documents (\d+)`).FindStringSubmatch(metrics); m == nil || m[1] == "0" {
		t.Errorf("index documents: %v", m)
	}

	var out bytes.Buffer
	if err := run(context.Background(), []string{"healthcheck", "--ready", "--admin-addr", strings.TrimPrefix(admin, "http://")}, func(string) string { return "" }, &out, &out); err != nil {
		t.Errorf("healthcheck --ready: %v\n%s", err, &out)
	}

	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if err := run(context.Background(), []string{"healthcheck", "--admin-addr", strings.TrimPrefix(admin, "http://")}, func(string) string { return "" }, &out, &out); err == nil {
		t.Error("healthcheck succeeds after serve stopped")
	}
	for _, line := range strings.Split(strings.TrimSpace(logs.String()), "\n") {
		if !json.Valid([]byte(line)) {
			t.Errorf("--log-format json wrote a line that is not JSON: %q", line)
		}
	}
	if strings.Contains(logs.String(), serveToken) || strings.Contains(logs.String(), strings.Split(serveToken, ".")[2]) {
		t.Error("the token appears in the log")
	}
}

// TestServeShards runs two shards, each with its own data directory: each
// answers only its own guild's interactions, and only shard 0 registers
// the commands.
func TestServeShards(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	var admins []string
	var shardLogs []*lockedBuffer
	for id := range 2 {
		logs, _ := startServe(t, fd, map[string]string{
			"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_SHARD_ID": strconv.Itoa(id), "TALKSBOT_SHARD_COUNT": "2",
		})
		shardLogs = append(shardLogs, logs)
	}
	for _, logs := range shardLogs {
		admins = append(admins, "http://"+waitLog(t, logs, `admin_addr=(\S+)`))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := fd.WaitIdentifies(ctx, 2); err != nil {
		t.Fatal(err)
	}
	shards := map[[2]int]bool{}
	for _, id := range fd.IdentifyPayloads() {
		if id.Shard != nil {
			shards[*id.Shard] = true
		}
	}
	if !shards[[2]int{0, 2}] || !shards[[2]int{1, 2}] {
		t.Fatalf("IDENTIFY shards %v; want [0 2] and [1 2]", shards)
	}
	for _, a := range admins {
		waitGet(t, a+"/readyz", "✓ gateway")
	}
	answered(t, fd, askIn(fakediscord.GuildID))      // shard 0
	answered(t, fd, askIn(fakediscord.OtherGuildID)) // shard 1
	answered(t, fd, askIn(fakediscord.OtherGuildID)) // shard 1
	for i, want := range []int{1, 2} {
		waitGet(t, admins[i]+"/metrics", fmt.Sprintf(`talksbot_questions_total{command="ask",outcome="answered"} %d`, want))
	}
	puts := 0
	for _, c := range fd.Calls() {
		if c.Method == http.MethodPut && strings.HasSuffix(c.Route, "/commands") {
			puts++
		}
	}
	if puts != 1 {
		t.Errorf("%d command registrations; want 1, by shard 0", puts)
	}
	if !strings.Contains(shardLogs[1].String(), "commands are registered by shard 0") {
		t.Errorf("shard 1 log:\n%s", shardLogs[1])
	}
}

// signedPost sends a signed interaction to an HTTP interactions endpoint.
func signedPost(t *testing.T, u string, priv ed25519.PrivateKey, body string) (int, []byte) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, u, strings.NewReader(body))
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req.Header.Set("X-Signature-Timestamp", ts)
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, data
}

func commandJSON(id, name, options string, perms int64) string {
	return `{"id":"` + id + `","application_id":"` + fakediscord.AppID + `","type":2,"token":"tok` + id + `","version":1,` +
		`"guild_id":"` + fakediscord.GuildID + `","channel_id":"` + fakediscord.ChannelID + `",` +
		`"member":{"user":{"id":"2000000000000000` + id + `","username":"u"},"roles":[],"permissions":"` + strconv.FormatInt(perms, 10) + `"},` +
		`"data":{"id":"1","name":"` + name + `","type":1,"options":[` + options + `]}}`
}

// TestServeReplica: the writer publishes its index; a read-only replica
// behind the HTTP interactions endpoint answers from it, refuses /ingest,
// and switches to the generation the writer publishes after a /reindex.
func TestServeReplica(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	pub := filepath.Join(t.TempDir(), "published")
	wlogs, _ := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_PUBLISH_DIR": pub})
	gen1 := waitLog(t, wlogs, `published the index for replicas.*generation=(\S+)`)

	pk, priv, _ := ed25519.GenerateKey(rand.Reader)
	rlogs, _ := startServe(t, fd, map[string]string{"TALKSBOT_DATA": pub, "TALKSBOT_READ_ONLY": "true",
		"TALKSBOT_RELOAD_EVERY": "1s", "DISCORD_PUBLIC_KEY": hex.EncodeToString(pk)}, "--http", "127.0.0.1:0")
	endpoint := "http://" + waitLog(t, rlogs, ` addr=(127\.0\.0\.1:\d+)`)
	if g := waitLog(t, rlogs, `serving a read-only replica.*generation=(\S+)`); g != gen1 {
		t.Errorf("replica serves %s; want %s", g, gen1)
	}

	status, body := signedPost(t, endpoint, priv, commandJSON("11", "ask", `{"name":"question","type":3,"value":"How many U.S. troops are in Iraq?"}`, fakediscord.MemberPermissions))
	if status != 200 || !strings.Contains(string(body), "2,500") {
		t.Errorf("replica /ask: %d %s", status, body)
	}
	status, body = signedPost(t, endpoint, priv, commandJSON("12", "ingest", `{"name":"url","type":3,"value":"https://example.com/x"}`, fakediscord.AdminPermissions))
	if status != 200 {
		t.Errorf("replica /ingest: %d %s", status, body)
	}
	waitLog(t, rlogs, `ingest failed.*read-only replica`)

	// A moderator rebuilds on the writer; the replica follows.
	if _, _, err := fd.Interact(context.Background(), fakediscord.Interaction{Name: "reindex", Permissions: fakediscord.AdminPermissions}); err != nil {
		t.Fatal(err)
	}
	rx := regexp.MustCompile(`published the index for replicas.*generation=(\S+)`)
	var gen2 string
	for deadline := time.Now().Add(30 * time.Second); gen2 == "" && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if ms := rx.FindAllStringSubmatch(wlogs.String(), -1); len(ms) > 1 {
			gen2 = ms[1][1]
		}
	}
	if gen2 == "" {
		t.Fatalf("the writer did not publish after /reindex:\n%s", wlogs)
	}
	if g := waitLog(t, rlogs, `switched to a new index generation.*generation=(\S+)`); g != gen2 {
		t.Errorf("replica switched to %s; want %s", g, gen2)
	}
	status, body = signedPost(t, endpoint, priv, commandJSON("13", "ask", `{"name":"question","type":3,"value":"How many U.S. troops are in Iraq?"}`, fakediscord.MemberPermissions))
	if status != 200 || !strings.Contains(string(body), "2,500") {
		t.Errorf("replica /ask after the switch: %d %s", status, body)
	}
}

// --shard-count auto asks Discord for the recommended count (the fake
// recommends 1).
func TestServeShardsAuto(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, stop := startServe(t, fd, map[string]string{"TALKSBOT_SHARD_COUNT": "auto"})
	waitLog(t, logs, `answering`)
	if _, err := fd.WaitCall(context.Background(), func(c fakediscord.Call) bool { return c.Route == "/gateway/bot" }); err != nil {
		t.Fatal(err)
	}
	// One shard: discordgo sends no shard field, which Discord reads as [0, 1].
	if ids := fd.IdentifyPayloads(); len(ids) != 1 || (ids[0].Shard != nil && *ids[0].Shard != [2]int{0, 1}) {
		t.Errorf("%d IDENTIFYs; want one, unsharded", len(ids))
	}
	stop()

	envv := map[string]string{"DISCORD_TOKEN": serveToken, "DISCORD_API_URL": fd.URL(), "TALKSBOT_DATA": t.TempDir(),
		"TALKSBOT_ADMIN_ADDR": "", "TALKSBOT_SHARD_COUNT": "auto", "TALKSBOT_SHARD_ID": "1"}
	var out bytes.Buffer
	err := run(context.Background(), []string{"serve"}, func(k string) string { return envv[k] }, &out, &out)
	if err == nil || !strings.Contains(err.Error(), "Discord recommends 1 shard") {
		t.Errorf("shard 1 of auto (1) = %v", err)
	}
}

func TestDialable(t *testing.T) {
	for in, want := range map[string]string{
		":9090": "127.0.0.1:9090", "0.0.0.0:9090": "127.0.0.1:9090", "[::]:9090": "127.0.0.1:9090",
		"127.0.0.1:9090": "127.0.0.1:9090", "10.1.2.3:80": "10.1.2.3:80", "[::1]:1": "[::1]:1", "localhost:9": "localhost:9",
	} {
		if got := dialable(in); got != want {
			t.Errorf("dialable(%q) = %q; want %q", in, got, want)
		}
	}
}
