package main

import (
	"context"
	"errors"
	"log/slog"
	"strings"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/assets"
	"accueil/internal/queue"
)

// Mode is the screen the tablet shows.
type Mode string

// The tablet's modes, one screen each.
const (
	ModeLogin     Mode = "login"
	ModeDesk      Mode = "desk"      // conseiller and expert
	ModeOrienteur Mode = "orienteur" // the whole store, at the door
)

// actTimeout bounds an action: a Submit is local, a request waits for the
// hub.
const actTimeout = 15 * time.Second

// pauseReasons are why staff pause; the key goes into the log.
var pauseReasons = []string{"break", "lunch", "backoffice", "phone", "other"}

// TabletConfig configures a Tablet.
type TabletConfig struct {
	Backend Backend
	Do      func(func())     // runs a function on the UI goroutine: fyne.Do
	Now     func() time.Time // nil: time.Now
	Log     *slog.Logger     // nil: slog.Default()
	Lang    string           // "": the first of assets.Languages
}

// Tablet is the view-model of the counter tablet: who is logged in at
// which counter, the screen shown, the message line, what is typed and
// chosen on each screen, and the actions of the screens. It holds no
// widget: screens render its views and call its methods, tests drive it
// directly. What may be done is asked of internal/queue.
//
// Tablet is not safe for concurrent use: call it on the UI goroutine.
// Whatever reaches the backend's disk or the hub runs off it and comes
// back through TabletConfig.Do, so a slow disk or hub never freezes a
// screen.
type Tablet struct {
	cfg      TabletConfig
	onChange func()
	dirty    atomic.Bool

	lang    string
	mode    Mode
	staff   string // logged in, "" before
	counter string // "" for an orienteur at the door
	msg     Message
	busy    int // actions under way

	// What is typed and chosen on the screens: their widgets write it as
	// it changes, then call Edited.
	Login    LoginForm
	PauseWhy string
	Desk     DeskForm
	Door     DoorForm

	hist      history
	dismissed map[string]bool // alerts of unhappy visitors, by ticket id
}

// LoginForm is what is typed on the login screen.
type LoginForm struct {
	Staff   string
	PIN     string
	Counter string // "" at the door
	Chosen  bool   // a counter (or the door) was chosen
}

// DeskForm is what is typed and chosen at the desk for the visitor on
// screen.
type DeskForm struct {
	Note           string
	Outcome        string
	IDDocument     string // a SIM replaced: the document checked
	NameMatches    bool   // and that its name is the line holder's
	RebondProposed bool   // the visit's suggestion was proposed
	RebondAccepted bool   // and the visitor said yes
	TransferReason string
	TransferTo     string // a staff member, "" for anyone
}

// DoorForm is what is typed and chosen on the orienteur's screen.
type DoorForm struct {
	// A new ticket.
	Reason   string
	Answers  map[string]string // question id → option id
	Priority string
	// The selected waiting ticket, and what to do with it.
	Selected    string
	Reroute     string
	NewPriority string
	Why         string
	Note        string
	Outcome     string
}

// history is the earlier visits of the customer of the ticket on the desk.
type history struct {
	ticket  string // whose visits are loaded, or loading
	visits  []queue.Ticket
	err     error
	loading bool
}

// Message is the line under the header: what the last action did, or why
// it could not be done.
type Message struct {
	Text string
	Err  error // nil after a success
}

// refusal is an error the tablet says in its own words (a translation key
// and its data) rather than by its code: a form not filled in, a logout
// with a visitor at the counter.
type refusal struct {
	key  string
	data map[string]any
	err  error
}

func (r *refusal) Error() string { return r.err.Error() }
func (r *refusal) Unwrap() error { return r.err }

// refuse returns a refusal saying key for a queue.Error of code.
func refuse(key, code, why string) error {
	return &refusal{key: key, err: queue.Errorf(code, "%s", why)}
}

// errorText is the sentence shown to a person for err.
func errorText(err error) string {
	if r, ok := errors.AsType[*refusal](err); ok {
		return lang.L(r.key, r.data)
	}
	return lang.L("counter." + queue.ErrorKey(err))
}

// NewTablet returns the view-model of a tablet at its login screen.
func NewTablet(cfg TabletConfig) *Tablet {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.Default()
	}
	if cfg.Lang == "" {
		cfg.Lang = assets.Languages[0]
	}
	t := &Tablet{cfg: cfg, onChange: func() {}, lang: cfg.Lang, mode: ModeLogin, dismissed: map[string]bool{}}
	cfg.Backend.OnChange(t.Changed)
	return t
}

// SetOnChange registers fn, called on the UI goroutine after the tablet
// changes: the screens redraw.
func (t *Tablet) SetOnChange(fn func()) { t.onChange = fn }

// Changed asks for a redraw from any goroutine (the store changed, time
// passed); redraws asked while one is pending are done once.
func (t *Tablet) Changed() {
	if t.dirty.CompareAndSwap(false, true) {
		t.cfg.Do(func() {
			t.dirty.Store(false)
			t.changed()
		})
	}
}

// Edited tells the tablet a form changed: what it enables is drawn again.
func (t *Tablet) Edited() { t.changed() }

// changed follows the store (who is still logged in, the ticket on the
// desk, the one selected at the door), then redraws.
func (t *Tablet) changed() {
	v := t.view()
	if t.mode != ModeLogin && t.me(v) == nil {
		t.loggedOut() // the staff member was removed
	}
	if cur := t.current(v); cur != nil && cur.Customer != "" && t.hist.ticket != cur.ID {
		t.loadHistory(*cur)
	}
	if t.selected(v) == nil {
		t.Door.Selected = "" // called, served or gone
	}
	t.onChange()
}

func (t *Tablet) view() *queue.State { return t.cfg.Backend.View() }

func (t *Tablet) now() time.Time { return t.cfg.Now() }

// Lang returns the language shown.
func (t *Tablet) Lang() string { return t.lang }

// Mode returns the screen shown.
func (t *Tablet) Mode() Mode { return t.mode }

// Staff returns who is logged in and at which counter ("" at the door).
func (t *Tablet) Staff() (staff, counter string) { return t.staff, t.counter }

// Message returns the message line.
func (t *Tablet) Message() Message { return t.msg }

// Busy reports how many actions are under way.
func (t *Tablet) Busy() int { return t.busy }

// me returns the logged-in staff member, or nil.
func (t *Tablet) me(v *queue.State) *queue.Staff {
	if t.staff == "" {
		return nil
	}
	return v.Config.StaffMember(t.staff)
}

// current returns the ticket the logged-in staff member has called or
// serves, or nil.
func (t *Tablet) current(v *queue.State) *queue.Ticket { return v.Current(t.staff) }

// Current returns the ticket on the desk, or nil.
func (t *Tablet) Current() *queue.Ticket { return t.current(t.view()) }

// say shows a success.
func (t *Tablet) say(text string) {
	t.msg = Message{Text: text}
	t.changed()
}

// fail shows err as a sentence of what to do next.
func (t *Tablet) fail(err error) {
	if queue.ErrorCode(err) == queue.EINTERNAL {
		t.cfg.Log.Error("counter", "err", err)
	}
	t.msg = Message{Text: errorText(err), Err: err}
	t.changed()
}

// act runs work off the UI goroutine, then on it: on success, done (which
// may clear a form) returns what to say; on failure the error is said.
func (t *Tablet) act(work func(ctx context.Context, b Backend) error, done func() string) {
	t.busy++
	b := t.cfg.Backend
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), actTimeout)
		err := work(ctx, b)
		cancel()
		t.cfg.Do(func() {
			t.busy--
			if err != nil {
				t.fail(err)
				return
			}
			t.say(done())
		})
	}()
}

// submit submits one event of the logged-in staff member.
func (t *Tablet) submit(typ string, body any, done func() string) {
	t.act(func(ctx context.Context, b Backend) error {
		_, err := b.Submit(ctx, typ, body)
		return err
	}, done)
}

// --- Language and header --------------------------------------------------

// SetLang switches the tablet to language code; who is logged in, and
// where, stays.
func (t *Tablet) SetLang(code string) error {
	if err := assets.SetLanguage(code); err != nil {
		return err
	}
	t.lang = code
	t.changed()
	return nil
}

// OtherLang returns the language the switch offers.
func (t *Tablet) OtherLang() string {
	if t.lang == assets.Languages[0] {
		return assets.Languages[1]
	}
	return assets.Languages[0]
}

// HeaderView is what the top of every screen shows.
type HeaderView struct {
	Online   bool
	Who      string // who is logged in where; "" before login
	Paused   bool
	CanPause bool   // a reason for the pause is chosen
	Switch   string // a manager's button to the other mode; "" for others
	Alert    bool   // the switch says unhappy visitors wait at the door
}

// Header returns what the top of the screens shows.
func (t *Tablet) Header() HeaderView {
	v := t.view()
	h := HeaderView{Online: t.cfg.Backend.Online()}
	me := t.me(v)
	if me == nil {
		return h
	}
	h.Who = lang.L("counter.who", map[string]any{"Name": me.Name, "Where": counterName(&v.Config, t.counter)})
	if ss := v.Sessions[me.ID]; ss != nil && ss.Paused {
		h.Paused = true
		h.Who += " · " + lang.L("counter.paused")
	}
	h.CanPause = t.PauseWhy != ""
	if me.Role == queue.RoleManager {
		// At the desk, a manager hears of unhappy visitors too: the door
		// view, where they are, says how many.
		h.Switch = lang.L("counter.mode." + string(map[Mode]Mode{ModeDesk: ModeOrienteur, ModeOrienteur: ModeDesk}[t.mode]))
		if n := len(t.alerts(v)); n > 0 && t.mode == ModeDesk {
			h.Switch, h.Alert = lang.N("counter.detractor.to_door", n, map[string]any{"Count": n}), true
		}
	}
	return h
}

func (t *Tablet) staffBody(why string) queue.StaffBody {
	return queue.StaffBody{Staff: t.staff, Counter: t.counter, Why: why}
}

// Pause pauses the staff member for the reason chosen.
func (t *Tablet) Pause() {
	why := t.PauseWhy
	if why == "" {
		t.fail(queue.Errorf(queue.EINVALID, "no reason for the pause"))
		return
	}
	t.submit(queue.StaffPaused, t.staffBody(why), func() string {
		t.PauseWhy = ""
		return lang.L("counter.pause.done")
	})
}

// Resume ends the pause.
func (t *Tablet) Resume() {
	t.submit(queue.StaffResumed, t.staffBody(""), func() string { return lang.L("counter.resume.done") })
}

// Logout closes the session; the domain refuses it (ECONFLICT) while a
// visitor is called or served, and the message names the ticket.
func (t *Tablet) Logout() {
	body, staff := t.staffBody(""), t.staff
	t.act(func(ctx context.Context, b Backend) error {
		_, err := b.Submit(ctx, queue.StaffLoggedOut, body)
		if cur := b.View().Current(staff); cur != nil && queue.ErrorCode(err) == queue.ECONFLICT {
			return &refusal{key: "counter.logout.busy", data: map[string]any{"Number": cur.Number}, err: err}
		}
		return err
	}, func() string {
		t.loggedOut()
		return lang.L("counter.logout.done")
	})
}

// loggedOut goes back to the login screen, forgetting every form.
func (t *Tablet) loggedOut() {
	t.staff, t.counter, t.mode = "", "", ModeLogin
	t.Login, t.PauseWhy, t.Desk, t.Door, t.hist = LoginForm{}, "", DeskForm{}, DoorForm{}, history{}
}

// SwitchMode takes a manager from the desk to the door and back.
func (t *Tablet) SwitchMode() {
	if t.mode == ModeDesk {
		t.mode = ModeOrienteur
	} else if t.mode == ModeOrienteur {
		t.mode = ModeDesk
	}
	t.changed()
}

// --- Login ----------------------------------------------------------------

// maxPIN is the longest PIN the keypad takes.
const maxPIN = 8

// LoginView is what the login screen shows.
type LoginView struct {
	Store    string
	Counters []Choice // the door first
	Waiting  bool     // no configuration yet: the tablet waits for the hub
	PIN      string   // a dot a digit typed
}

// Choice is an option of a drop-down.
type Choice struct{ ID, Label string }

// LoginScreen returns what the login screen shows.
func (t *Tablet) LoginScreen() LoginView {
	v := t.view()
	l := LoginView{Store: v.Config.Store, Waiting: len(v.Config.Reasons) == 0, Counters: []Choice{{"", lang.L("counter.at_door")}}}
	for _, c := range v.Config.Counters {
		l.Counters = append(l.Counters, Choice{c.ID, counterName(&v.Config, c.ID)})
	}
	l.PIN = strings.Repeat("● ", len(t.Login.PIN))
	if l.PIN == "" {
		l.PIN = "—"
	}
	return l
}

// Key types digit d of the PIN.
func (t *Tablet) Key(d int) {
	if len(t.Login.PIN) < maxPIN {
		t.Login.PIN += string(rune('0' + d))
	}
	t.changed()
}

// ErasePIN removes the PIN's last digit.
func (t *Tablet) ErasePIN() {
	if p := t.Login.PIN; p != "" {
		t.Login.PIN = p[:len(p)-1]
	}
	t.changed()
}

// ClearPIN forgets the PIN typed.
func (t *Tablet) ClearPIN() {
	t.Login.PIN = ""
	t.changed()
}

// SubmitLogin asks the hub to check the PIN; the screen of the staff
// member's role opens when it agrees. The PIN is forgotten either way.
func (t *Tablet) SubmitLogin() {
	f := t.Login
	staff := strings.TrimSpace(f.Staff)
	switch {
	case staff == "" || f.PIN == "":
		t.fail(refuse("counter.login.missing", queue.EINVALID, "staff id or PIN missing"))
		return
	case !f.Chosen:
		t.fail(refuse("counter.login.choose_counter", queue.EINVALID, "no counter chosen"))
		return
	}
	// The hub's rule, asked before the PIN travels. Unknown ids go to the
	// hub, which says no the same way as for a wrong PIN.
	if err := t.view().Config.CheckLogin(staff, f.Counter); queue.ErrorCode(err) == queue.EINVALID {
		t.fail(&refusal{key: "counter.login.choose_counter", err: err})
		return
	}
	t.Login.PIN = ""
	t.act(func(ctx context.Context, b Backend) error {
		return Login(ctx, b, staff, f.Counter, f.PIN)
	}, func() string { return t.loggedIn(staff, f.Counter) })
}

// loggedIn opens the screen of the staff member's role and returns the
// welcome, which warns when the counter does not take all their skills.
func (t *Tablet) loggedIn(staff, counter string) string {
	t.staff, t.counter, t.Login = staff, counter, LoginForm{}
	v := t.view()
	me := t.me(v)
	if me == nil {
		t.loggedOut() // removed meanwhile
		return ""
	}
	t.mode = ModeDesk
	if me.Role == queue.RoleOrienteur {
		t.mode = ModeOrienteur
	}
	if rs := v.Config.Unserved(staff, counter); len(rs) > 0 {
		names := make([]string, len(rs))
		for i, r := range rs {
			names[i] = r.Name.In(t.lang)
		}
		return lang.L("counter.login.unserved", map[string]any{"Name": me.Name, "Reasons": strings.Join(names, ", ")})
	}
	return lang.L("counter.login.welcome", map[string]any{"Name": me.Name})
}
