//go:build tools

package tools

import (
	_ "code.dny.dev/ssrf"
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/bwmarrin/discordgo"
	_ "github.com/gorilla/websocket"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/neurosnap/sentences"
	_ "github.com/prometheus/client_golang/prometheus"
	_ "github.com/schollz/progressbar/v3"
	_ "go.yaml.in/yaml/v3"
)
