module accueil

go 1.26.0

require fyne.io/fyne/v2 v2.7.1

require (
	github.com/jeandeaual/go-locale v0.0.0-20250612000132-0ef82f21eade // indirect
	github.com/nicksnyder/go-i18n/v2 v2.5.1 // indirect
	golang.org/x/net v0.44.0 // indirect
	golang.org/x/sys v0.43.0 // indirect
	golang.org/x/text v0.43.0 // indirect
)
