package fakediscord

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Discord's limits, counted in runes.
const (
	maxContent        = 2000
	maxEmbeds         = 10
	maxEmbedTitle     = 256
	maxEmbedDesc      = 4096
	maxEmbedFields    = 25
	maxFieldName      = 256
	maxFieldValue     = 1024
	maxFooterText     = 2048
	maxAuthorName     = 256
	maxEmbedTotal     = 6000
	maxActionRows     = 5
	maxRowComponents  = 5
	maxCustomID       = 100
	maxButtonLabel    = 80
	maxSelectOptions  = 25
	maxChoices        = 25
	maxChoiceName     = 100
	maxChoiceValue    = 100
	maxCommandOptions = 25
	maxModalTitle     = 45
)

// formErrors is the "errors" tree of Discord's 400 Invalid Form Body
// (code 50035): nested by JSON path, with "_errors" lists at the leaves.
type formErrors map[string]any

func (fe formErrors) add(code, msg string, path ...string) {
	m := map[string]any(fe)
	for _, p := range path {
		next, ok := m[p].(map[string]any)
		if !ok {
			next = map[string]any{}
			m[p] = next
		}
		m = next
	}
	list, _ := m["_errors"].([]any)
	m["_errors"] = append(list, map[string]any{"code": code, "message": msg})
}

func (fe formErrors) reply() reply {
	return jsonReply(http.StatusBadRequest, map[string]any{
		"code": 50035, "errors": map[string]any(fe), "message": "Invalid Form Body",
	})
}

func pathOf(prefix []string, more ...string) []string {
	return append(append([]string(nil), prefix...), more...)
}

func maxLen(fe formErrors, s string, n int, path []string) {
	if utf8.RuneCountInString(s) > n {
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", n), path...)
	}
}

func required(fe formErrors, s *string, path []string) bool {
	if s == nil || *s == "" {
		fe.add("BASE_TYPE_REQUIRED", "This field is required", path...)
		return false
	}
	return true
}

type embedIn struct {
	Title       string `json:"title"`
	Description string `json:"description"`
	Fields      []struct {
		Name  *string `json:"name"`
		Value *string `json:"value"`
	} `json:"fields"`
	Footer *struct {
		Text *string `json:"text"`
	} `json:"footer"`
	Author *struct {
		Name *string `json:"name"`
	} `json:"author"`
}

// validateMessage checks a message payload (content, embeds, components)
// against Discord's limits; prefix is the path of the message in the
// request ("data" for interaction callbacks).
func validateMessage(fe formErrors, prefix []string, p map[string]json.RawMessage) {
	if raw, ok := p["content"]; ok && string(raw) != "null" {
		var c string
		if err := json.Unmarshal(raw, &c); err != nil {
			fe.add("BASE_TYPE_STRING", "Must be a string.", pathOf(prefix, "content")...)
		}
		maxLen(fe, c, maxContent, pathOf(prefix, "content"))
	}
	if raw, ok := p["embeds"]; ok && string(raw) != "null" {
		var embeds []embedIn
		if err := json.Unmarshal(raw, &embeds); err != nil {
			fe.add("BASE_TYPE_ARRAY", "Must be an array.", pathOf(prefix, "embeds")...)
		}
		validateEmbeds(fe, pathOf(prefix, "embeds"), embeds)
	}
	var flags int64
	if raw, ok := p["flags"]; ok {
		json.Unmarshal(raw, &flags)
	}
	if raw, ok := p["components"]; ok && string(raw) != "null" && flags&flagComponentsV2 == 0 {
		var rows []componentIn
		if err := json.Unmarshal(raw, &rows); err != nil {
			fe.add("BASE_TYPE_ARRAY", "Must be an array.", pathOf(prefix, "components")...)
		}
		validateComponents(fe, pathOf(prefix, "components"), rows)
	}
}

func validateEmbeds(fe formErrors, path []string, embeds []embedIn) {
	if len(embeds) > maxEmbeds {
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbeds), path...)
	}
	total := 0
	for i, e := range embeds {
		ep := pathOf(path, strconv.Itoa(i))
		maxLen(fe, e.Title, maxEmbedTitle, pathOf(ep, "title"))
		maxLen(fe, e.Description, maxEmbedDesc, pathOf(ep, "description"))
		total += utf8.RuneCountInString(e.Title) + utf8.RuneCountInString(e.Description)
		if len(e.Fields) > maxEmbedFields {
			fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxEmbedFields), pathOf(ep, "fields")...)
		}
		for j, f := range e.Fields {
			fp := pathOf(ep, "fields", strconv.Itoa(j))
			if required(fe, f.Name, pathOf(fp, "name")) {
				maxLen(fe, *f.Name, maxFieldName, pathOf(fp, "name"))
				total += utf8.RuneCountInString(*f.Name)
			}
			if required(fe, f.Value, pathOf(fp, "value")) {
				maxLen(fe, *f.Value, maxFieldValue, pathOf(fp, "value"))
				total += utf8.RuneCountInString(*f.Value)
			}
		}
		if e.Footer != nil && required(fe, e.Footer.Text, pathOf(ep, "footer", "text")) {
			maxLen(fe, *e.Footer.Text, maxFooterText, pathOf(ep, "footer", "text"))
			total += utf8.RuneCountInString(*e.Footer.Text)
		}
		if e.Author != nil && required(fe, e.Author.Name, pathOf(ep, "author", "name")) {
			maxLen(fe, *e.Author.Name, maxAuthorName, pathOf(ep, "author", "name"))
			total += utf8.RuneCountInString(*e.Author.Name)
		}
	}
	if total > maxEmbedTotal {
		fe.add("MAX_EMBED_SIZE_EXCEEDED", fmt.Sprintf("Embed size exceeds maximum size of %d", maxEmbedTotal), path...)
	}
}

type componentIn struct {
	Type        int               `json:"type"`
	CustomID    *string           `json:"custom_id"`
	Label       string            `json:"label"`
	Style       int               `json:"style"`
	URL         string            `json:"url"`
	SKUID       string            `json:"sku_id"`
	Placeholder string            `json:"placeholder"`
	Options     []json.RawMessage `json:"options"`
	Components  []componentIn     `json:"components"`
}

// validateComponents checks classic (non-V2) message components: up to 5
// action rows of up to 5 buttons or one select menu, with unique custom IDs.
func validateComponents(fe formErrors, path []string, rows []componentIn) {
	if len(rows) > maxActionRows {
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxActionRows), path...)
	}
	seen := map[string]bool{}
	for i, row := range rows {
		rp := pathOf(path, strconv.Itoa(i))
		if row.Type != 1 {
			fe.add("UNION_TYPE_CHOICES", `Value of field "type" must be one of (1,).`, pathOf(rp, "type")...)
			continue
		}
		cp := pathOf(rp, "components")
		switch {
		case len(row.Components) == 0:
			fe.add("BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.", cp...)
		case len(row.Components) > maxRowComponents:
			fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxRowComponents), cp...)
		}
		for j, c := range row.Components {
			p := pathOf(cp, strconv.Itoa(j))
			if c.CustomID != nil {
				maxLen(fe, *c.CustomID, maxCustomID, pathOf(p, "custom_id"))
				if seen[*c.CustomID] {
					fe.add("COMPONENT_CUSTOM_ID_DUPLICATED", "Component custom id cannot be duplicated", pathOf(p, "custom_id")...)
				}
				seen[*c.CustomID] = true
			}
			switch c.Type {
			case 2: // button
				maxLen(fe, c.Label, maxButtonLabel, pathOf(p, "label"))
				switch c.Style {
				case 5: // link
					if c.URL == "" {
						fe.add("BUTTON_COMPONENT_URL_REQUIRED", "A url is required", p...)
					}
					if c.CustomID != nil {
						fe.add("BUTTON_COMPONENT_INVALID_ATTRIBUTE", "Link buttons cannot have a custom_id", p...)
					}
				case 6: // premium
				default:
					if c.CustomID == nil || *c.CustomID == "" {
						fe.add("BUTTON_COMPONENT_CUSTOM_ID_REQUIRED", "A custom id required", p...)
					}
				}
			case 3, 5, 6, 7, 8: // select menus
				if len(row.Components) > 1 {
					fe.add("COMPONENT_LAYOUT_WIDTH_EXCEEDED", "The specified component exceeds the maximum width", p...)
				}
				required(fe, c.CustomID, pathOf(p, "custom_id"))
				maxLen(fe, c.Placeholder, 150, pathOf(p, "placeholder"))
				if c.Type == 3 {
					switch {
					case len(c.Options) == 0:
						fe.add("BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.", pathOf(p, "options")...)
					case len(c.Options) > maxSelectOptions:
						fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxSelectOptions), pathOf(p, "options")...)
					}
				}
			default:
				fe.add("UNION_TYPE_CHOICES", `Value of field "type" must be one of (2, 3, 5, 6, 7, 8).`, pathOf(p, "type")...)
			}
		}
	}
}

// validateChoices checks an autocomplete result (callback type 8).
func validateChoices(fe formErrors, p map[string]json.RawMessage) {
	var choices []struct {
		Name  *string `json:"name"`
		Value any     `json:"value"`
	}
	if raw, ok := p["choices"]; ok {
		if err := json.Unmarshal(raw, &choices); err != nil {
			fe.add("BASE_TYPE_ARRAY", "Must be an array.", "data", "choices")
		}
	}
	if len(choices) > maxChoices {
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxChoices), "data", "choices")
	}
	for i, c := range choices {
		cp := []string{"data", "choices", strconv.Itoa(i)}
		if required(fe, c.Name, pathOf(cp, "name")) {
			maxLen(fe, *c.Name, maxChoiceName, pathOf(cp, "name"))
		}
		if v, ok := c.Value.(string); ok {
			maxLen(fe, v, maxChoiceValue, pathOf(cp, "value"))
		}
	}
}

// validateModal checks a modal (callback type 9).
func validateModal(fe formErrors, p map[string]json.RawMessage) {
	var m struct {
		CustomID   *string           `json:"custom_id"`
		Title      *string           `json:"title"`
		Components []json.RawMessage `json:"components"`
	}
	json.Unmarshal(mustJSON(p), &m)
	if required(fe, m.CustomID, []string{"data", "custom_id"}) {
		maxLen(fe, *m.CustomID, maxCustomID, []string{"data", "custom_id"})
	}
	if required(fe, m.Title, []string{"data", "title"}) {
		maxLen(fe, *m.Title, maxModalTitle, []string{"data", "title"})
	}
	switch {
	case len(m.Components) == 0:
		fe.add("BASE_TYPE_MIN_LENGTH", "Must be 1 or more in length.", "data", "components")
	case len(m.Components) > maxActionRows:
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxActionRows), "data", "components")
	}
}

var commandName = regexp.MustCompile(`^[-_\p{L}\p{N}\p{Devanagari}\p{Thai}]{1,32}$`)

type commandIn struct {
	Type        int        `json:"type"`
	Name        string     `json:"name"`
	Description string     `json:"description"`
	Options     []optionIn `json:"options"`
}

type optionIn struct {
	Type         int    `json:"type"`
	Name         string `json:"name"`
	Description  string `json:"description"`
	Required     bool   `json:"required"`
	Autocomplete bool   `json:"autocomplete"`
	Choices      []struct {
		Name  *string `json:"name"`
		Value any     `json:"value"`
	} `json:"choices"`
	Options []optionIn `json:"options"`
}

// validateCommand checks an application command as Discord does on create
// and bulk overwrite.
func validateCommand(fe formErrors, path []string, c commandIn) {
	if c.Type == 0 {
		c.Type = 1
	}
	if c.Type == 1 {
		if !commandName.MatchString(c.Name) || strings.ToLower(c.Name) != c.Name {
			fe.add("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", pathOf(path, "name")...)
		}
		if n := utf8.RuneCountInString(c.Description); n < 1 || n > 100 {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", pathOf(path, "description")...)
		}
	} else {
		if n := utf8.RuneCountInString(c.Name); n < 1 || n > 32 || strings.TrimSpace(c.Name) == "" {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 32 in length.", pathOf(path, "name")...)
		}
		if c.Description != "" {
			fe.add("APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION_INVALID", "Context menu commands cannot have description", pathOf(path, "description")...)
		}
	}
	validateOptions(fe, pathOf(path, "options"), c.Options)
}

func validateOptions(fe formErrors, path []string, opts []optionIn) {
	if len(opts) > maxCommandOptions {
		fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxCommandOptions), path...)
	}
	names := map[string]bool{}
	optionalSeen := false
	for i, o := range opts {
		op := pathOf(path, strconv.Itoa(i))
		if !commandName.MatchString(o.Name) || strings.ToLower(o.Name) != o.Name {
			fe.add("APPLICATION_COMMAND_INVALID_NAME", "Command name is invalid", pathOf(op, "name")...)
		}
		if names[o.Name] {
			fe.add("APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS", "Option names must be unique", pathOf(op, "name")...)
		}
		names[o.Name] = true
		if n := utf8.RuneCountInString(o.Description); n < 1 || n > 100 {
			fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", pathOf(op, "description")...)
		}
		if o.Type == 1 || o.Type == 2 { // subcommand, group
			validateOptions(fe, pathOf(op, "options"), o.Options)
			continue
		}
		if o.Required && optionalSeen {
			fe.add("APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID", "Required options must be placed before non-required options", path...)
		}
		if !o.Required {
			optionalSeen = true
		}
		if o.Autocomplete && len(o.Choices) > 0 {
			fe.add("APPLICATION_COMMAND_OPTION_AUTOCOMPLETE_WITH_CHOICES", "Autocomplete cannot be set with choices", pathOf(op, "autocomplete")...)
		}
		if len(o.Choices) > maxChoices {
			fe.add("BASE_TYPE_MAX_LENGTH", fmt.Sprintf("Must be %d or fewer in length.", maxChoices), pathOf(op, "choices")...)
		}
		for j, c := range o.Choices {
			cp := pathOf(op, "choices", strconv.Itoa(j))
			if required(fe, c.Name, pathOf(cp, "name")) {
				maxLen(fe, *c.Name, maxChoiceName, pathOf(cp, "name"))
			}
			if v, ok := c.Value.(string); ok {
				maxLen(fe, v, maxChoiceValue, pathOf(cp, "value"))
			}
		}
	}
}
