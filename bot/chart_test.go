package bot

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// fakeCharts draws a blank chart of the intended size for troops and
// timeline.
type fakeCharts struct{}

func (fakeCharts) Chart(ctx context.Context, view string) ([]byte, bool, error) {
	if view != "troops" && view != "timeline" {
		return nil, false, nil
	}
	var buf bytes.Buffer
	err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 1200, 675)))
	return buf.Bytes(), true, err
}

// /troops attaches its chart and shows it as the embed's image; /parties
// has none.
func TestTroopsAttachesItsChart(t *testing.T) {
	h := newHarness(t)
	h.bot.cfg.Charts = fakeCharts{}
	token, cb := h.interact(t, fakediscord.Interaction{Name: "troops"})
	if cb.Type != 5 {
		t.Fatalf("/troops with a chart: type %d; want 5 (deferred, then an edit with the file)", cb.Type)
	}
	c, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.HasPrefix(c.Route, "/webhooks/"+fakediscord.AppID+"/"+token)
	})
	if err != nil {
		t.Fatal(err)
	}
	files := c.Files()
	if len(files) != 1 || files[0].Name != "troops.png" {
		t.Fatalf("files %+v; want troops.png", files)
	}
	img, err := png.Decode(bytes.NewReader(files[0].Data))
	if err != nil || img.Bounds().Dx() != 1200 || img.Bounds().Dy() != 675 {
		t.Errorf("the chart does not decode at 1200×675: %v %v", err, img)
	}
	deadline, shown := time.Now().Add(5*time.Second), false
	for !shown && time.Now().Before(deadline) {
		if m, ok := h.fd.Original(token); ok && len(m.Embeds) > 0 && m.Embeds[0].Image != nil {
			if m.Embeds[0].Image.URL != "attachment://troops.png" || len(m.Attachments) != 1 {
				t.Errorf("embed image %q, %d attachments", m.Embeds[0].Image.URL, len(m.Attachments))
			}
			shown = true
			continue
		}
		time.Sleep(10 * time.Millisecond)
	}
	if !shown {
		t.Error("the answer never showed the chart as its image")
	}
	_, cb = h.interact(t, fakediscord.Interaction{Name: "parties"})
	if cb.Type != 4 || len(cb.Data.Embeds) == 0 || cb.Data.Embeds[0].Image != nil {
		t.Errorf("/parties: %s", cb.raw)
	}
}
