package main

import (
	"context"
	"errors"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/chart"
)

// viewCharts draws /troops' and /timeline's charts from the index, as
// `talksbot troops --chart FILE --chart-width 400` does: in the phone
// layout (Discord shows an image at most about 400 pixels wide), at twice
// its pixels for sharp type.
type viewCharts struct{ x *index.Index }

func (c viewCharts) Chart(ctx context.Context, view string) ([]byte, bool, error) {
	var png []byte
	var err error
	switch view {
	case "troops", "timeline":
		tl, terr := c.x.Timeline(ctx)
		if terr != nil {
			return nil, false, terr
		}
		if view == "timeline" {
			png, err = chart.TimelineData(tl).Draw(chart.PNG, chart.Phone)
			break
		}
		tv, terr := c.x.Troops(ctx)
		if terr != nil {
			return nil, false, terr
		}
		png, err = chart.TroopsData(tv, tl).Draw(chart.PNG, chart.Phone)
	default:
		return nil, false, nil
	}
	if errors.Is(err, chart.ErrNoData) {
		return nil, false, nil // nothing to draw: the view alone
	}
	return png, err == nil, err
}
