// Package translations holds every user-visible string of the kiosk as
// go-i18n messages, with one active.<lang>.toml file per language.
package translations

import (
	"embed"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"

	"github.com/BurntSushi/toml"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Default is the language every message file is checked against.
const Default = "en-GB"

//go:embed active.*.toml
var files embed.FS

// Message is one user-visible string (an alias, so screens need not import go-i18n).
type Message = i18n.Message

// Translator renders messages in one language, falling back to Default.
type Translator struct {
	Lang string
	loc  *i18n.Localizer
}

// New returns a Translator for lang (a BCP 47 tag such as "en-GB").
func New(lang string) (*Translator, error) {
	b, err := bundle()
	if err != nil {
		return nil, err
	}
	return &Translator{Lang: lang, loc: i18n.NewLocalizer(b, lang, Default)}, nil
}

// T renders m with optional template data (a map or struct).
// A message missing from every file falls back to its English default;
// no message at all (a code with no words, such as an observation not yet
// made) is no words.
func (t *Translator) T(m *i18n.Message, data ...any) string {
	if m == nil {
		return ""
	}
	cfg := &i18n.LocalizeConfig{DefaultMessage: m}
	if len(data) > 0 {
		cfg.TemplateData = data[0]
		if m, ok := data[0].(map[string]any); ok && m["Count"] != nil {
			cfg.PluralCount = m["Count"]
		}
	}
	s, err := t.loc.Localize(cfg)
	if err != nil {
		return m.Other
	}
	return s
}

// Languages lists the tags that have a message file, Default first.
func Languages() []string {
	names, _ := fs.Glob(files, "active.*.toml")
	langs := []string{Default}
	for _, n := range names {
		tag := strings.TrimSuffix(strings.TrimPrefix(path.Base(n), "active."), ".toml")
		if tag != Default {
			langs = append(langs, tag)
		}
	}
	sort.Strings(langs[1:])
	return langs
}

func bundle() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.MustParse(Default))
	b.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	names, err := fs.Glob(files, "active.*.toml")
	if err != nil {
		return nil, err
	}
	for _, n := range names {
		data, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, n); err != nil {
			return nil, fmt.Errorf("translations %s: %w", n, err)
		}
	}
	return b, nil
}
