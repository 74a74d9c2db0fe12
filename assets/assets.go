// Package assets embeds what the apps show or play: translations (French first,
// English too), images, fonts and sounds.
//
// Every visible string goes through fyne.io/fyne/v2/lang. Translation files are
// split by area ("kiosk.fr.json", "counter.en.json", ...) so each part of the
// product owns its own strings; lang merges them by locale.
package assets

import (
	"embed"
	"fmt"
	"os"
	"sync"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/lang"
)

//go:embed translations
var translations embed.FS

// Languages lists the languages Accueil speaks, the default first.
var Languages = []string{"fr", "en"}

var loadOnce sync.Once
var loadErr error

// LoadTranslations registers the embedded translations with Fyne's lang
// package. It is safe to call more than once.
func LoadTranslations() error {
	loadOnce.Do(func() {
		loadErr = lang.AddTranslationsFS(translations, "translations")
	})
	return loadErr
}

// SetLanguage switches the language of every string looked up afterwards.
//
// Fyne's lang package follows the system locale and has no setter (see
// fyne-io/fyne#5333), yet a kiosk visitor picks French or English with a
// tap. lang re-reads the locale from the environment (LANGUAGE, honoured
// when a locale is set) each time translations are added, so we set the
// environment and register one of our files again.
func SetLanguage(code string) error {
	known := false
	for _, l := range Languages {
		known = known || l == code
	}
	if !known {
		return fmt.Errorf("assets: unknown language %q", code)
	}
	if err := LoadTranslations(); err != nil {
		return err
	}
	if os.Getenv("LC_ALL")+os.Getenv("LC_MESSAGES")+os.Getenv("LANG") == "" {
		os.Setenv("LANG", "C.UTF-8")
	}
	os.Setenv("LC_ALL", "")
	os.Setenv("LC_MESSAGES", "")
	if os.Getenv("LANG") == "C" || os.Getenv("LANG") == "POSIX" {
		os.Setenv("LANG", "C.UTF-8")
	}
	os.Setenv("LANGUAGE", code)
	data, err := translations.ReadFile("translations/common." + code + ".json")
	if err != nil {
		return err
	}
	return lang.AddTranslationsForLocale(data, fyne.Locale(code))
}
