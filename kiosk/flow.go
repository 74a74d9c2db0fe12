package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/url"
	"strings"
	"sync/atomic"
	"time"

	"accueil/assets"
	"accueil/hardware/printer"
	"accueil/hardware/scanner"
	"accueil/internal/eta"
	"accueil/internal/queue"
)

// Step is the screen a visit is at.
type Step int

// The steps of a visit, in order.
const (
	StepWelcome  Step = iota // attract screen: store, language, posted waits
	StepReasons              // why are you here?
	StepQuestion             // the reason's follow-up questions, one at a time
	StepCheckIn              // appointment or web order: scan or type the code
	StepPhone                // optional SMS number
	StepTicket               // the ticket, or why there is none
	StepIncident             // from the welcome: what is known of an outage, wait or leave
)

var stepNames = [...]string{"welcome", "reasons", "question", "checkin", "phone", "ticket", "incident"}

func (s Step) String() string {
	if s < 0 || int(s) >= len(stepNames) {
		return fmt.Sprintf("Step(%d)", int(s))
	}
	return stepNames[s]
}

// How long the kiosk waits before going back to the welcome screen.
const (
	IdleAfter      = 60 * time.Second // no touch on a screen of the visit
	TicketHold     = 20 * time.Second // ticket printed
	PrintFailHold  = 90 * time.Second // ticket not printed: time to photograph the QR code
	IssueFailHold  = 30 * time.Second // no ticket at all: time to read why
	WelcomeRefresh = 15 * time.Second // posted waits change with time
	issueTimeout   = 5 * time.Second  // local: the outbox is on this device
	printTimeout   = 15 * time.Second // printers have their own, shorter, timeouts
	alertTimeout   = 5 * time.Second  // local too
	maxPhone       = 16               // "+" and 15 digits (E.164)
	codeRuleMaxLen = 64               // scanner.Rules default, for the keypad
)

// FlowConfig configures a Flow.
type FlowConfig struct {
	Backend   Backend
	Printer   printer.Printer
	Clock     Clock         // nil: the system clock
	Do        func(func())  // runs a function on the UI goroutine: fyne.Do
	Device    string        // this kiosk's enrolled id, in alerts and logs
	StatusURL string        // base of the mobile status page, "http://host:8080"; empty: no QR code
	Lang      string        // default language, "fr"
	SMS       bool          // offer an SMS when the turn is near
	Scan      scanner.Rules // how a keyboard-wedge scanner types; zero: the defaults
	Log       *slog.Logger
}

// Flow is the view-model of the kiosk: the visit under way (reason,
// answers, code, phone), the step it is at, the timers that bring the
// kiosk back to the welcome screen, issuing and printing the ticket. It
// knows nothing of widgets: the screens read it and call its methods, and
// tests drive it directly.
//
// Flow is not safe for concurrent use: call it on the UI goroutine. What
// happens elsewhere (a printer answering, the store changing, a timer)
// comes back through FlowConfig.Do.
type Flow struct {
	cfg      FlowConfig
	ctx      context.Context
	onChange func()

	lang  string
	tr    assets.Translator // lang's, for what prints while screens move on
	large bool

	step  Step
	visit visit
	gen   int // visit generation, to drop late answers for a former visit

	idle, hold, tick *armed
	config           string // what the screens show of the configuration
	configRev        int    // changes when config does
	scan             *scanner.Collector
	printerDown      atomic.Bool // last print failed; an alert was sent
}

// visit is what a visitor told the kiosk, cleared by Home.
type visit struct {
	reason   string
	answers  map[string]string
	question int
	checkIn  bool   // the code matched: check in rather than queue
	code     string // appointment or order code matched
	typed    string // code typed on the keypad, or read and not found
	codeMsg  codeMsg
	scanMsg  string // translation key: why the last scan was not taken, outside check-in
	phone    string
	consent  bool
	incident string // the outage the visit is about
	ticket   *TicketView
}

// codeMsg says what went wrong with a code.
type codeMsg int

const (
	codeOK codeMsg = iota
	codeInvalid
	codeUnknown
	codeAlready
)

// PrintState is where printing a ticket is.
type PrintState int

// Print states.
const (
	Printing PrintState = iota
	Printed
	PrintFailed
)

// TicketView is what the ticket screen shows.
type TicketView struct {
	Ticket   queue.Ticket // zero when Err is set
	Err      error        // the ticket could not be issued: a *queue.Error
	Reason   string       // reason code
	Ahead    int
	Wait     eta.Wait // unknown offline too
	URL      string   // mobile status page; empty without a status URL
	Print    PrintState
	PrintErr error
}

// armed is a started timer; the slot holding it says whether it still
// counts.
type armed struct{ t Timer }

// NewFlow returns the flow of a kiosk at its welcome screen, in the default
// language. ctx bounds what the flow does in the background.
func NewFlow(ctx context.Context, cfg FlowConfig) (*Flow, error) {
	if cfg.Clock == nil {
		cfg.Clock = systemClock{}
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Lang == "" {
		cfg.Lang = assets.Languages[0]
	}
	f := &Flow{cfg: cfg, ctx: ctx, onChange: func() {}, scan: scanner.NewCollector(cfg.Scan)}
	f.config = configKey(cfg.Backend.View())
	if err := f.setLang(cfg.Lang); err != nil {
		return nil, err
	}
	cfg.Backend.OnChange(func() { cfg.Do(f.storeChanged) })
	f.armWelcome()
	return f, nil
}

// SetOnChange registers fn, called on the UI goroutine after the flow
// changes: the kiosk redraws.
func (f *Flow) SetOnChange(fn func()) { f.onChange = fn }

func (f *Flow) changed() { f.onChange() }

// Step returns the step the visit is at.
func (f *Flow) Step() Step { return f.step }

// Lang returns the language shown.
func (f *Flow) Lang() string { return f.lang }

// Large reports whether the visitor asked for larger text.
func (f *Flow) Large() bool { return f.large }

// Store returns the name of the store.
func (f *Flow) Store() string { return f.cfg.Backend.View().Config.Store }

// Online reports whether the hub can be reached.
func (f *Flow) Online() bool { return f.cfg.Backend.Online() }

func (f *Flow) now() time.Time { return f.cfg.Clock.Now() }

// --- Everywhere -----------------------------------------------------------

// Touch tells the flow the visitor is still there: the idle timer starts
// again. Every action touches.
func (f *Flow) Touch() {
	switch {
	case f.step == StepTicket:
		// The ticket screen has its own hold time.
	case f.step == StepWelcome && f.pristine():
		f.disarm(&f.idle)
	default:
		f.arm(&f.idle, IdleAfter, f.Home)
	}
}

// pristine reports whether the kiosk is as the next visitor should find it.
func (f *Flow) pristine() bool {
	return f.step == StepWelcome && f.lang == f.cfg.Lang && !f.large
}

// SetLang switches the language of every screen and of the ticket.
func (f *Flow) SetLang(lang string) error {
	defer f.Touch()
	if lang == f.lang {
		return nil
	}
	if err := f.setLang(lang); err != nil {
		return err
	}
	f.changed()
	return nil
}

func (f *Flow) setLang(lang string) error {
	tr, err := assets.NewTranslator(lang)
	if err != nil {
		return err
	}
	if err := assets.SetLanguage(lang); err != nil {
		return err
	}
	f.lang, f.tr = lang, tr
	return nil
}

// ToggleLarge switches between normal and larger text.
func (f *Flow) ToggleLarge() {
	f.large = !f.large
	f.Touch()
	f.changed()
}

// Home goes back to the welcome screen in the default language, forgetting
// everything the visitor chose or typed.
func (f *Flow) Home() {
	f.gen++
	f.visit = visit{}
	f.step = StepWelcome
	f.large = false
	f.scan = scanner.NewCollector(f.cfg.Scan)
	f.disarm(&f.idle)
	f.disarm(&f.hold)
	if f.lang != f.cfg.Lang {
		if err := f.setLang(f.cfg.Lang); err != nil {
			f.cfg.Log.Error("kiosk: language", "err", err)
		}
	}
	f.armWelcome()
	f.changed()
}

// Back goes to the previous step.
func (f *Flow) Back() {
	v := &f.visit
	switch f.step {
	case StepReasons, StepWelcome:
		f.Home()
		return
	case StepQuestion:
		delete(v.answers, f.questionID())
		if v.question > 0 {
			v.question--
		} else {
			f.goTo(StepReasons)
		}
	case StepCheckIn:
		v.typed, v.codeMsg = "", codeOK
		f.goTo(StepReasons)
	case StepPhone:
		r := f.Reason()
		switch {
		case v.checkIn || (r != nil && r.Kind != "" && len(r.Questions) == 0):
			v.checkIn, v.code = false, ""
			f.goTo(StepCheckIn)
		case r != nil && len(r.Questions) > 0:
			v.question = len(r.Questions) - 1
			f.goTo(StepQuestion)
		default:
			f.goTo(StepReasons)
		}
	case StepTicket:
		return // issued: nothing to go back to
	case StepIncident:
		f.Home()
		return
	}
	f.Touch()
	f.changed()
}

// goTo moves to step s.
func (f *Flow) goTo(s Step) {
	f.step = s
	if s != StepWelcome {
		f.disarm(&f.tick)
	}
}

// --- Welcome --------------------------------------------------------------

// Start leaves the welcome screen for the reasons.
func (f *Flow) Start() {
	if !f.Ready() {
		return
	}
	f.goTo(StepReasons)
	f.Touch()
	f.changed()
}

// PostedWait is the current wait of one reason, as shown at the door.
type PostedWait struct {
	Reason string   // code
	Name   string   // in the current language
	Wait   eta.Wait // unknown offline too
}

// Posted returns the wait of a visitor arriving now, for each reason. It
// is unknown when nobody can serve the reason, and when the hub cannot be
// reached: the kiosk then does not know who is at work.
func (f *Flow) Posted() []PostedWait {
	st := f.cfg.Backend.View()
	posted := eta.New(st, f.now(), nil).Posted()
	online := f.Online()
	var out []PostedWait
	for _, r := range st.Config.Reasons {
		w, ok := posted[r.Code]
		w.Known = ok && online
		out = append(out, PostedWait{Reason: r.Code, Name: r.Name.In(f.lang), Wait: w})
	}
	return out
}

// armWelcome refreshes the welcome screen now and then: waits change with
// time even when no event comes.
func (f *Flow) armWelcome() {
	f.arm(&f.tick, WelcomeRefresh, func() {
		if f.step == StepWelcome {
			f.changed()
			f.armWelcome()
		}
	})
}

// storeChanged runs on the UI goroutine after the store changed.
func (f *Flow) storeChanged() {
	if c := configKey(f.cfg.Backend.View()); c != f.config {
		f.config = c
		f.configRev++
	}
	if f.step == StepWelcome || f.step == StepReasons {
		f.changed()
	}
}

// ConfigRev changes when the configuration the screens show changes
// (store name, reasons): they are built again.
func (f *Flow) ConfigRev() int { return f.configRev }

// configKey sums up what the screens show of the configuration.
func configKey(st *queue.State) string {
	var b strings.Builder
	b.WriteString(st.Config.Store)
	for _, r := range st.Config.Reasons {
		fmt.Fprintf(&b, "|%s %s %v %v %d", r.Code, r.Kind, r.Name, r.Reminder, len(r.Questions))
	}
	return b.String()
}

// Ready reports whether the kiosk has its configuration: a kiosk started
// for the first time waits for the hub.
func (f *Flow) Ready() bool { return len(f.cfg.Backend.View().Config.Reasons) > 0 }

// --- Reasons --------------------------------------------------------------

// ReasonChoice is a button of the reasons screen.
type ReasonChoice struct {
	Code string
	Name string // in the current language
	Icon string
	Kind string // "", "appointment" or "pickup"
}

// Reasons returns the configured reasons, in order.
func (f *Flow) Reasons() []ReasonChoice {
	var out []ReasonChoice
	for _, r := range f.cfg.Backend.View().Config.Reasons {
		out = append(out, ReasonChoice{Code: r.Code, Name: r.Name.In(f.lang), Icon: r.Icon, Kind: r.Kind})
	}
	return out
}

// Reason returns the reason chosen, or nil.
func (f *Flow) Reason() *queue.Reason {
	if f.visit.reason == "" {
		return nil
	}
	return f.cfg.Backend.View().Config.Reason(f.visit.reason)
}

// ChooseReason picks a reason: next come its questions, or the code of an
// appointment or order, or the phone number.
func (f *Flow) ChooseReason(code string) {
	defer f.changed()
	defer f.Touch()
	r := f.cfg.Backend.View().Config.Reason(code)
	if r == nil {
		return // the configuration changed under the visitor's finger
	}
	f.visit = visit{reason: code, answers: map[string]string{}}
	switch {
	case r.Kind != "":
		f.goTo(StepCheckIn)
	case len(r.Questions) > 0:
		f.goTo(StepQuestion)
	default:
		f.toPhone()
	}
}

// --- Questions ------------------------------------------------------------

// QuestionView is the question asked, in the current language.
type QuestionView struct {
	ID      string
	Text    string
	Options []OptionView
	N       int // 1-based
	Total   int
}

// OptionView is one answer.
type OptionView struct {
	ID     string
	Label  string
	Chosen bool
}

// Question returns the question asked, or nil.
func (f *Flow) Question() *QuestionView {
	r := f.Reason()
	if r == nil || f.visit.question >= len(r.Questions) {
		return nil
	}
	q := r.Questions[f.visit.question]
	qv := &QuestionView{ID: q.ID, Text: q.Text.In(f.lang), N: f.visit.question + 1, Total: len(r.Questions)}
	for _, o := range q.Options {
		qv.Options = append(qv.Options, OptionView{ID: o.ID, Label: o.Label.In(f.lang), Chosen: f.visit.answers[q.ID] == o.ID})
	}
	return qv
}

func (f *Flow) questionID() string {
	if q := f.Question(); q != nil {
		return q.ID
	}
	return ""
}

// Reminder returns the reason's reminder in the current language ("have
// an ID document ready"), or "".
func (f *Flow) Reminder() string {
	if r := f.Reason(); r != nil {
		return r.Reminder.In(f.lang)
	}
	return ""
}

// Answer answers the question asked with option, and moves on.
func (f *Flow) Answer(option string) {
	defer f.changed()
	defer f.Touch()
	r, q := f.Reason(), f.Question()
	if f.step != StepQuestion || q == nil {
		return
	}
	f.visit.answers[q.ID] = option
	if f.visit.question+1 < len(r.Questions) {
		f.visit.question++
		return
	}
	f.toPhone()
}

// Answers returns the answers given so far: question id → option id.
func (f *Flow) Answers() map[string]string { return f.visit.answers }

// --- Check-in -------------------------------------------------------------

// Typed returns the code typed on the keypad, or read and not found.
func (f *Flow) Typed() string { return f.visit.typed }

// CodeProblem returns the translation key of what is wrong with the code
// and its data, or "" when nothing is.
func (f *Flow) CodeProblem() (key string, data map[string]any) {
	switch f.visit.codeMsg {
	case codeInvalid:
		return "kiosk.checkin.invalid", nil
	case codeUnknown:
		return "kiosk.checkin.unknown", map[string]any{"Code": f.visit.typed}
	case codeAlready:
		number := ""
		st := f.cfg.Backend.View()
		if a := st.FindAppointment(f.visit.typed); a != nil && st.Tickets[a.Ticket] != nil {
			number = st.Tickets[a.Ticket].Number
		}
		return "kiosk.checkin.already", map[string]any{"Number": number}
	}
	return "", nil
}

// NotFound reports whether the last code was not found, or already used:
// the visitor is offered a normal ticket.
func (f *Flow) NotFound() bool {
	return f.visit.codeMsg == codeUnknown || f.visit.codeMsg == codeAlready
}

// SetTyped replaces the code typed (an on-screen entry changed).
func (f *Flow) SetTyped(s string) {
	if s == f.visit.typed {
		return
	}
	f.visit.typed = s
	f.visit.codeMsg = codeOK
	f.Touch()
	f.changed()
}

// Key types one character of the code on the on-screen keypad.
func (f *Flow) Key(r rune) {
	if f.visit.codeMsg != codeOK && f.visit.codeMsg != codeInvalid {
		f.visit.typed = "" // a code was read and not found: start afresh
	}
	if len([]rune(f.visit.typed)) < codeRuleMaxLen {
		f.visit.typed += string(r)
	}
	f.visit.codeMsg = codeOK
	f.Touch()
	f.changed()
}

// DeleteKey removes the last character of the code.
func (f *Flow) DeleteKey() {
	t := []rune(f.visit.typed)
	if len(t) > 0 {
		f.visit.typed = string(t[:len(t)-1])
	}
	f.visit.codeMsg = codeOK
	f.Touch()
	f.changed()
}

// SubmitTyped checks in with the code typed.
func (f *Flow) SubmitTyped() { f.SubmitCode(f.visit.typed) }

// SubmitCode looks code up among the appointments and web orders: found,
// the visitor checks in; not found, or already checked in, the check-in
// screen says so and offers a normal ticket.
func (f *Flow) SubmitCode(code string) {
	defer f.changed()
	defer f.Touch()
	code = strings.TrimSpace(code)
	f.visit.typed = code
	if err := (scanner.Rules{}).Validate(code); err != nil {
		f.visit.codeMsg = codeInvalid
		f.enterCheckIn()
		return
	}
	a := f.cfg.Backend.View().FindAppointment(code)
	switch {
	case a == nil:
		f.visit.codeMsg = codeUnknown
		f.enterCheckIn()
		f.cfg.Log.Info("kiosk: code not found", "device", f.cfg.Device)
	case a.Ticket != "":
		f.visit.codeMsg = codeAlready
		f.enterCheckIn()
	default:
		// The appointment says why the visitor came: answers to another
		// reason's questions do not belong on its ticket.
		f.visit.reason, f.visit.code, f.visit.checkIn, f.visit.codeMsg = a.Reason, a.Code, true, codeOK
		f.visit.answers, f.visit.question = map[string]string{}, 0
		f.toPhone()
	}
}

// enterCheckIn shows the check-in screen, which has the message about the
// code, when a scan came on another screen.
func (f *Flow) enterCheckIn() {
	if f.step != StepCheckIn {
		f.goTo(StepCheckIn)
	}
}

// NormalTicket gives up the code: the visitor takes a normal ticket for
// the reason they chose (or chooses one, when they scanned first).
func (f *Flow) NormalTicket() {
	defer f.changed()
	defer f.Touch()
	v := &f.visit
	v.checkIn, v.code, v.typed, v.codeMsg = false, "", "", codeOK
	r := f.Reason()
	switch {
	case r == nil: // scanned before choosing a reason
		f.visit = visit{answers: map[string]string{}}
		f.goTo(StepReasons)
	case len(r.Questions) > 0:
		v.question = 0
		f.goTo(StepQuestion)
	default:
		f.toPhone()
	}
}

// ScanRune takes a character typed on the window: a keyboard-wedge scanner
// types a code, then Enter. On the check-in screen it also goes into the
// code typed, for a keyboard.
func (f *Flow) ScanRune(r rune) {
	f.scan.Feed(r, f.now())
	if f.step == StepCheckIn {
		if f.visit.codeMsg != codeOK {
			f.visit.typed, f.visit.codeMsg = "", codeOK
		}
		if len([]rune(f.visit.typed)) < codeRuleMaxLen {
			f.visit.typed += string(r)
		}
		f.Touch()
		f.changed()
	}
}

// ScanEnter ends a scan typed on the window. On the check-in screen, a
// code typed by hand (too slow for a scanner) counts too.
func (f *Flow) ScanEnter() {
	code, err := f.scan.Enter(f.now())
	switch {
	case err == nil:
		f.visit.scanMsg = ""
		f.Scanned(code)
	case f.step == StepWelcome || f.step == StepReasons || f.step == StepQuestion:
		// Where a scan checks in, input not taken says so.
		switch {
		case errors.Is(err, scanner.ErrEmpty):
			return
		case errors.Is(err, scanner.ErrTooSlow):
			f.visit.scanMsg = "kiosk.scan.slow"
		default:
			f.visit.scanMsg = "kiosk.scan.invalid"
		}
		f.changed()
	case f.step != StepCheckIn:
		// Stray keys later in the visit: nothing to do.
	case errors.Is(err, scanner.ErrTooSlow), errors.Is(err, scanner.ErrEmpty):
		if f.visit.typed != "" {
			f.SubmitTyped()
		}
	default:
		f.visit.codeMsg = codeInvalid
		f.Touch()
		f.changed()
	}
}

// ScanProblem returns the translation key of why the last scan was not
// taken, or "".
func (f *Flow) ScanProblem() string { return f.visit.scanMsg }

// Scanned takes a code read by a scanner, typed on the window or sent by a
// serial one. On the welcome, reasons, question and check-in screens it
// checks in straight away; later in the visit it is ignored.
func (f *Flow) Scanned(code string) {
	switch f.step {
	case StepWelcome, StepReasons:
		f.visit = visit{answers: map[string]string{}}
		f.SubmitCode(code)
	case StepQuestion, StepCheckIn:
		f.SubmitCode(code)
	}
}

// --- Phone ----------------------------------------------------------------

func (f *Flow) toPhone() {
	if !f.cfg.SMS {
		f.issue()
		return
	}
	f.goTo(StepPhone)
}

// Phone returns the number typed.
func (f *Flow) Phone() string { return f.visit.phone }

// Consent reports whether the visitor agreed to the SMS.
func (f *Flow) Consent() bool { return f.visit.consent }

// PhoneKey types a digit, or "+" first.
func (f *Flow) PhoneKey(r rune) {
	p := f.visit.phone
	switch {
	case len(p) >= maxPhone:
	case r >= '0' && r <= '9', r == '+' && p == "":
		f.visit.phone += string(r)
	}
	f.Touch()
	f.changed()
}

// PhoneDelete removes the last character of the number.
func (f *Flow) PhoneDelete() {
	if p := f.visit.phone; p != "" {
		f.visit.phone = p[:len(p)-1]
	}
	f.Touch()
	f.changed()
}

// SetConsent records the visitor's choice about the SMS.
func (f *Flow) SetConsent(ok bool) {
	if ok == f.visit.consent {
		return
	}
	f.visit.consent = ok
	f.Touch()
	f.changed()
}

// PhoneValid reports whether the number typed is a phone number (see
// queue.ValidPhone).
func (f *Flow) PhoneValid() bool { return queue.ValidPhone(f.visit.phone) }

// CanSendPhone reports whether the SMS can be asked for: a valid number
// and the visitor's consent.
func (f *Flow) CanSendPhone() bool { return f.PhoneValid() && f.visit.consent }

// SendPhone takes the ticket with the number, for an SMS.
func (f *Flow) SendPhone() {
	if f.step != StepPhone || !f.CanSendPhone() {
		return
	}
	f.issue()
	f.changed()
}

// SkipPhone takes the ticket without a number.
func (f *Flow) SkipPhone() {
	if f.step != StepPhone {
		return
	}
	f.visit.phone, f.visit.consent = "", false
	f.issue()
	f.changed()
}

// --- Ticket ---------------------------------------------------------------

// Ticket returns the ticket shown, or nil.
func (f *Flow) Ticket() *TicketView { return f.visit.ticket }

// ReasonName returns the name of reason in the current language.
func (f *Flow) ReasonName(code string) string {
	if r := f.cfg.Backend.View().Config.Reason(code); r != nil {
		return r.Name.In(f.lang)
	}
	return code
}

// issue issues the ticket, shows it and prints it.
func (f *Flow) issue() {
	v := &f.visit
	body := queue.IssueBody{Reason: v.reason, Answers: v.answers, Lang: f.lang, Appointment: v.code, Incident: v.incident}
	if len(body.Answers) == 0 {
		body.Answers = nil
	}
	if v.consent && queue.ValidPhone(v.phone) {
		body.Phone = v.phone
	}
	f.goTo(StepTicket)
	f.disarm(&f.idle)
	ctx, cancel := context.WithTimeout(f.ctx, issueTimeout)
	t, err := f.cfg.Backend.Issue(ctx, body, v.checkIn)
	cancel()
	if err != nil {
		f.cfg.Log.Error("kiosk: issue", "reason", v.reason, "check_in", v.checkIn, "code", queue.ErrorCode(err), "err", err)
		v.ticket = &TicketView{Err: err, Reason: v.reason}
		f.arm(&f.hold, IssueFailHold, f.Home)
		return
	}
	st, now := f.cfg.Backend.View(), f.now()
	tv := &TicketView{Ticket: t, Reason: t.Reason, Ahead: max(st.Ahead(t.ID, now), 0), URL: f.statusURL(t)}
	tv.Wait = eta.New(st, now, nil).Ticket(t.ID)
	tv.Wait.Known = tv.Wait.Known && f.Online()
	v.ticket = tv
	f.cfg.Log.Info("kiosk: ticket", "number", t.Number, "reason", t.Reason, "check_in", v.checkIn, "ahead", tv.Ahead, "online", f.Online())
	f.arm(&f.hold, TicketHold, f.Home)
	f.print(tv, st)
}

// statusURL returns the address of the ticket's mobile status page.
func (f *Flow) statusURL(t queue.Ticket) string {
	if f.cfg.StatusURL == "" {
		return ""
	}
	return strings.TrimRight(f.cfg.StatusURL, "/") + "/t/" + url.PathEscape(t.ID) + "?k=" + url.QueryEscape(t.Token)
}

// print prints the ticket on its own goroutine, in the visitor's language.
func (f *Flow) print(tv *TicketView, st *queue.State) {
	pt := printer.Ticket{
		Store: st.Config.Store, Number: tv.Ticket.Number, Reason: f.ReasonName(tv.Reason), Reminder: f.Reminder(),
		IssuedAt: tv.Ticket.ArrivedAt.In(st.Config.Location()), Ahead: tv.Ahead,
		WaitKnown: tv.Wait.Known, URL: tv.URL, Tr: f.tr,
	}
	pt.Wait, pt.WaitTo = minutes(tv.Wait)
	gen := f.gen
	go func() {
		ctx, cancel := context.WithTimeout(f.ctx, printTimeout)
		defer cancel()
		err := f.cfg.Printer.Print(ctx, pt)
		f.alert(ctx, err)
		f.cfg.Do(func() { f.printed(gen, tv, err) })
	}()
}

// alert tells the hub when the printer fails, and when it works again.
func (f *Flow) alert(ctx context.Context, err error) {
	if f.ctx.Err() != nil {
		return // shutting down: the printer did nothing wrong
	}
	var a queue.AlertBody
	switch {
	case err != nil:
		f.printerDown.Store(true)
		a = queue.AlertBody{Kind: "printer", Status: printerStatus(err), Message: err.Error()}
		f.cfg.Log.Warn("kiosk: ticket not printed", "err", err)
	case f.printerDown.CompareAndSwap(true, false):
		a = queue.AlertBody{Kind: "printer", Status: "ready"}
	default:
		return
	}
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), alertTimeout)
	defer cancel()
	if _, err := f.cfg.Backend.Submit(ctx, queue.DeviceAlert, a); err != nil {
		f.cfg.Log.Error("kiosk: printer alert", "err", err)
	}
}

// printerStatus names a printing error in an alert.
func printerStatus(err error) string {
	switch {
	case errors.Is(err, printer.ErrPaperOut):
		return "paper_out"
	case errors.Is(err, printer.ErrCoverOpen):
		return "cover_open"
	case errors.Is(err, printer.ErrOffline):
		return "offline"
	default:
		return "error"
	}
}

// printed shows how printing went, when the ticket is still on screen: a
// failed print keeps the QR code up longer, to photograph.
func (f *Flow) printed(gen int, tv *TicketView, err error) {
	if gen != f.gen {
		return
	}
	if err != nil {
		tv.Print, tv.PrintErr = PrintFailed, err
		f.arm(&f.hold, PrintFailHold, f.Home)
	} else {
		tv.Print = Printed
	}
	f.changed()
}

// Done ends the visit: back to the welcome screen.
func (f *Flow) Done() { f.Home() }

// --- Incident -------------------------------------------------------------

// IncidentView is an outage the manager declared, as the kiosk says it.
type IncidentView struct {
	ID      string
	Service string // in the current language: "Internet (box, fibre)"
	Area    string
	Message string // what is known, in the current language
	Until   string // expected end, store time "15:04"; "" when unknown
}

// Incidents returns the outages open, the earliest first.
func (f *Flow) Incidents() []IncidentView {
	st := f.cfg.Backend.View()
	var out []IncidentView
	for _, i := range st.OpenIncidents() {
		out = append(out, f.incidentView(st, i))
	}
	return out
}

func (f *Flow) incidentView(st *queue.State, i *queue.Incident) IncidentView {
	v := IncidentView{ID: i.ID, Service: f.tr.L("incident.service." + i.Service), Area: i.Area, Message: i.Message.In(f.lang)}
	if !i.End.IsZero() {
		v.Until = i.End.In(st.Config.Location()).Format("15:04")
	}
	return v
}

// Incident returns the outage the visit is about, or nil.
func (f *Flow) Incident() *IncidentView {
	st := f.cfg.Backend.View()
	i := st.Incidents[f.visit.incident]
	if i == nil {
		return nil
	}
	v := f.incidentView(st, i)
	return &v
}

// AboutIncident tells the kiosk the visit is about outage id: it says
// what is known, and offers to wait or to leave.
func (f *Flow) AboutIncident(id string) {
	defer f.changed()
	defer f.Touch()
	i := f.cfg.Backend.View().Incidents[id]
	if i == nil || !i.Open() {
		return // ended under the visitor's finger
	}
	f.visit = visit{reason: i.Reason, incident: id}
	f.goTo(StepIncident)
}

// WaitForIncident takes a ticket about the outage, in the queue the
// manager chose for it.
func (f *Flow) WaitForIncident() {
	if f.step != StepIncident || f.visit.incident == "" {
		return
	}
	f.issue()
	f.changed()
}

// LeaveInformed records that the visitor leaves, told what is known, and
// shows the QR code of their status page to follow the outage on their
// phone. Nothing prints: the visitor is not in the queue.
func (f *Flow) LeaveInformed() {
	v := &f.visit
	if f.step != StepIncident || v.incident == "" || v.ticket != nil {
		return
	}
	defer f.changed()
	f.disarm(&f.idle)
	ctx, cancel := context.WithTimeout(f.ctx, issueTimeout)
	t, err := f.cfg.Backend.Issue(ctx, queue.IssueBody{Reason: v.reason, Lang: f.lang, Incident: v.incident, Informed: true}, false)
	cancel()
	if err != nil {
		f.cfg.Log.Error("kiosk: informed", "incident", v.incident, "code", queue.ErrorCode(err), "err", err)
		v.ticket = &TicketView{Err: err, Reason: v.reason}
		f.arm(&f.hold, IssueFailHold, f.Home)
		return
	}
	v.ticket = &TicketView{Ticket: t, Reason: t.Reason, URL: f.statusURL(t)}
	f.arm(&f.hold, PrintFailHold, f.Home) // time to photograph the QR code
}

// --- Timers ---------------------------------------------------------------

// arm starts a timer in slot, replacing the one there; fn runs on the UI
// goroutine unless the slot was disarmed or re-armed meanwhile.
func (f *Flow) arm(slot **armed, d time.Duration, fn func()) {
	f.disarm(slot)
	a := &armed{}
	*slot = a
	a.t = f.cfg.Clock.AfterFunc(d, func() {
		f.cfg.Do(func() {
			if *slot == a {
				*slot = nil
				fn()
			}
		})
	})
}

func (f *Flow) disarm(slot **armed) {
	if *slot != nil {
		(*slot).t.Stop()
		*slot = nil
	}
}
