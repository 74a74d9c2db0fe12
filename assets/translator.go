package assets

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"sync"

	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

// Translator looks strings up in one language, whatever language the
// screen shows: a ticket prints in its visitor's language while the kiosk
// moves on, a status page speaks its ticket's language. It reads the same
// files as Fyne's lang, through the same library (go-i18n), so a key means
// the same everywhere. A missing key falls back to French, then to the key.
type Translator struct {
	Lang string
	loc  *i18n.Localizer
}

var bundle = sync.OnceValues(func() (*i18n.Bundle, error) {
	b := i18n.NewBundle(language.French)
	b.RegisterUnmarshalFunc("json", json.Unmarshal)
	names, err := fs.Glob(translations, "translations/*.json")
	if err != nil {
		return nil, err
	}
	for _, name := range names {
		data, err := translations.ReadFile(name)
		if err != nil {
			return nil, err
		}
		if _, err := b.ParseMessageFileBytes(data, name); err != nil {
			return nil, fmt.Errorf("assets: %s: %w", name, err)
		}
	}
	return b, nil
})

// NewTranslator returns the translator of language code (one of Languages).
func NewTranslator(code string) (Translator, error) {
	if !slices.Contains(Languages, code) {
		return Translator{}, fmt.Errorf("assets: unknown language %q", code)
	}
	b, err := bundle()
	if err != nil {
		return Translator{}, err
	}
	return Translator{Lang: code, loc: i18n.NewLocalizer(b, code, Languages[0])}, nil
}

// L returns the string of key, its template filled from data.
func (t Translator) L(key string, data ...map[string]any) string {
	return t.localize(&i18n.LocalizeConfig{MessageID: key, TemplateData: first(data)}, key)
}

// N returns the singular or plural string of key for count.
func (t Translator) N(key string, count int, data ...map[string]any) string {
	return t.localize(&i18n.LocalizeConfig{MessageID: key, PluralCount: count, TemplateData: first(data)}, key)
}

func (t Translator) localize(c *i18n.LocalizeConfig, fallback string) string {
	if t.loc == nil {
		return fallback
	}
	s, err := t.loc.Localize(c)
	if err != nil {
		return fallback
	}
	return s
}

func first(data []map[string]any) map[string]any {
	if len(data) == 0 {
		return nil
	}
	return data[0]
}
