package managerpage

import (
	"cmp"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"accueil/internal/enrol"
	"accueil/internal/queue"
)

// The configuration page, /manager/config: the store (name, recalls,
// retention, outcomes, opening hours), its reasons, counters and staff,
// each item a form of its own. A save is one config.changed event naming
// the manager; what queue's rules refuse (State.CheckChange) is not saved,
// and each sentence shows next to its field; what they only warn of shows
// at the top of the page. A staff member's new PIN goes to the hub's own
// table, never into the event. The history of changes closes the page.

// historyShown is how many changes the page lists.
const historyShown = 20

// configView is the page's own view.
type configView struct {
	Warnings   []string
	Error      string // a problem no form shows
	Saved      bool
	Store      storeForm
	Reasons    []reasonForm
	NewReason  reasonForm
	Counters   []counterForm
	NewCounter counterForm
	Staff      []staffForm
	NewStaff   staffForm
	Kinds      []option
	Roles      []option
	History    []changeRow
	edited     *errs // the errors of the form posted, for its problems of no field
}

// errs are the sentences of a form's problems, by field; "" is the
// form's own.
type errs map[string]string

type storeForm struct {
	Name, RecallLimit, Retention string
	Outcomes                     []outcomeBox
	Hours                        []hoursRow
	Errs                         errs
}

type outcomeBox struct {
	ID, Label string
	On        bool
}

type hoursRow struct {
	Day                int
	Label, Open, Close string
}

type reasonForm struct {
	Index                                                     string // "0", "1", … or "new"
	Code, Prefix, NameFR, NameEN, SLA, Skill, Kind, Questions string
	Errs                                                      errs
}

type counterForm struct {
	Index, ID, Name, Skills string
	Errs                    errs
}

type staffForm struct {
	Index, ID, Name, Role, Skills string
	Errs                          errs
}

type changeRow struct{ At, By, What string }

func (s *Pages) configPage(rw http.ResponseWriter, r *http.Request, p *page) {
	var cfg queue.Config
	var ps []queue.Problem
	if err := s.read(r, func(st *queue.State) { cfg, ps = st.Config.Clone(), st.Config.Check() }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	v := newConfigView(p, &cfg)
	v.Saved = r.URL.Query().Get("saved") != ""
	s.renderConfig(rw, r, p, v, &cfg, ps, http.StatusOK)
}

// renderConfig shows v, the problems ps of cfg placed next to their fields,
// and the history of changes.
func (s *Pages) renderConfig(rw http.ResponseWriter, r *http.Request, p *page, v *configView, cfg *queue.Config, ps []queue.Problem, code int) {
	p.Nav = "config"
	v.place(p, cfg, ps)
	changes, err := s.hub.ConfigHistory(r.Context(), historyShown+1)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	v.History = p.history(cfg, changes)
	p.Body = v
	s.render(rw, p, "config", code)
}

// newConfigView fills the forms from cfg.
func newConfigView(p *page, cfg *queue.Config) *configView {
	v := &configView{NewReason: reasonForm{Index: "new", SLA: "10"}, NewCounter: counterForm{Index: "new"},
		NewStaff: staffForm{Index: "new", Role: string(queue.RoleConseiller)}}
	v.Store = storeForm{Name: cfg.Store, RecallLimit: strconv.Itoa(cfg.RecallLimit), Retention: strconv.Itoa(int(cfg.Retention() / (24 * time.Hour)))}
	for _, o := range queue.Outcomes() {
		v.Store.Outcomes = append(v.Store.Outcomes, outcomeBox{ID: o, Label: p.L("counter.outcome." + o), On: slices.Contains(cfg.Outcomes, o)})
	}
	for i := range 7 {
		day := time.Weekday((i + 1) % 7) // Monday first
		row := hoursRow{Day: int(day), Label: p.L(fmt.Sprintf("manager.config.day.%d", day))}
		if j := slices.IndexFunc(cfg.Hours, func(h queue.Opening) bool { return h.Day == day }); j >= 0 {
			row.Open, row.Close = cfg.Hours[j].Open, cfg.Hours[j].Close
		}
		v.Store.Hours = append(v.Store.Hours, row)
	}
	for i, x := range cfg.Reasons {
		v.Reasons = append(v.Reasons, reasonForm{Index: strconv.Itoa(i), Code: x.Code, Prefix: x.Prefix, NameFR: x.Name["fr"], NameEN: x.Name["en"],
			SLA: strconv.Itoa(x.SLAMinutes), Skill: x.Skill, Kind: x.Kind, Questions: formatQuestions(x.Questions)})
	}
	for i, x := range cfg.Counters {
		v.Counters = append(v.Counters, counterForm{Index: strconv.Itoa(i), ID: x.ID, Name: x.Name, Skills: strings.Join(x.Skills, ", ")})
	}
	for i, x := range cfg.Staff {
		v.Staff = append(v.Staff, staffForm{Index: strconv.Itoa(i), ID: x.ID, Name: x.Name, Role: string(x.Role), Skills: strings.Join(x.Skills, ", ")})
	}
	for _, k := range []string{"", "appointment", "pickup"} {
		v.Kinds = append(v.Kinds, option{k, p.L("manager.config.kind." + cmp.Or(k, "walk_in"))})
	}
	for _, role := range queue.Roles() {
		v.Roles = append(v.Roles, option{string(role), p.L("manager.role." + string(role))})
	}
	return v
}

// problem says p to a person.
func (pg *page) problem(p queue.Problem, cfg *queue.Config) string {
	reason := ""
	var i int
	if _, err := fmt.Sscanf(p.Field, "reasons.%d.", &i); err == nil && i < len(cfg.Reasons) {
		reason = cfg.Reasons[i].Name.In(pg.Lang)
	}
	return pg.L("manager.config.problem."+p.Key, "Reason", reason, "MaxSLA", queue.MaxSLAMinutes, "MaxRecall", queue.MaxRecallLimit,
		"MaxStore", queue.MaxStoreName, "MaxRetention", queue.MaxRetentionDays)
}

// place puts each problem of ps next to its field: warnings at the top,
// the others in their form, or at the top when no form has their field.
func (v *configView) place(p *page, cfg *queue.Config, ps []queue.Problem) {
	for _, pr := range ps {
		text := p.problem(pr, cfg)
		if pr.Level == queue.Warned {
			v.Warnings = append(v.Warnings, text)
			continue
		}
		section, rest, _ := strings.Cut(pr.Field, ".")
		index, field, _ := strings.Cut(rest, ".")
		var target errs
		switch section {
		case "store", "recall_limit", "retention_days", "outcomes", "hours":
			target, field = ensure(&v.Store.Errs), pr.Field
		case "reasons":
			target = formErrs(v.Reasons, &v.NewReason, index, func(f *reasonForm) *errs { return &f.Errs })
		case "counters":
			target = formErrs(v.Counters, &v.NewCounter, index, func(f *counterForm) *errs { return &f.Errs })
		case "staff":
			target = formErrs(v.Staff, &v.NewStaff, index, func(f *staffForm) *errs { return &f.Errs })
		}
		if target == nil && v.edited != nil && index == "" {
			target = ensure(v.edited)
		}
		if target == nil {
			v.Error = cmp.Or(v.Error, text)
			continue
		}
		if target[field] == "" {
			target[field] = text
		}
	}
}

// formErrs returns the errors of the form of forms at index, of the new
// one when index is past them; nil when there is no index.
func formErrs[F any](forms []F, add *F, index string, of func(*F) *errs) errs {
	i, err := strconv.Atoi(index)
	switch {
	case err != nil || i < 0:
		return nil
	case i >= len(forms):
		return ensure(of(add))
	}
	return ensure(of(&forms[i]))
}

func ensure(e *errs) errs {
	if *e == nil {
		*e = errs{}
	}
	return *e
}

// history lists changes, latest first, each with what it changed from the
// one before.
func (p *page) history(cfg *queue.Config, changes []queue.Event) []changeRow {
	var out []changeRow
	loc := cfg.Location()
	for i, e := range changes[:min(len(changes), historyShown)] {
		var b, before queue.ConfigBody
		e.Decode(&b)
		row := changeRow{At: e.At.In(loc).Format("02/01/2006 15:04"), By: p.L("manager.config.by_hub"), What: p.L("manager.config.first")}
		if m := cfg.StaffMember(b.By); m != nil {
			row.By = m.Name
		} else if b.By != "" {
			row.By = b.By
		}
		if i+1 < len(changes) {
			changes[i+1].Decode(&before)
			var parts []string
			for _, part := range b.Config.Changed(&before.Config) {
				parts = append(parts, p.L("manager.config.part."+part))
			}
			row.What = cmp.Or(strings.Join(parts, ", "), p.L("manager.config.same"))
		}
		out = append(out, row)
	}
	return out
}

// saveConfig applies the form of section to the configuration and saves
// it, or shows the page again with what is wrong.
func (s *Pages) saveConfig(rw http.ResponseWriter, r *http.Request, p *page) {
	section := r.PathValue("section")
	var cfg queue.Config
	var ps []queue.Problem
	var v *configView
	var f edited
	err := s.read(r, func(st *queue.State) {
		cfg = st.Config.Clone()
		v = newConfigView(p, &cfg)
		f = v.edit(r, p, section, &cfg)
		ps = st.CheckChange(&cfg)
	})
	if err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	if f.form == nil {
		http.NotFound(rw, r)
		return
	}
	v.edited = f.form
	ok := len(*f.form) == 0 && !slices.ContainsFunc(ps, func(x queue.Problem) bool { return x.Level != queue.Warned })
	if ok && f.pin != "" {
		if err := s.hub.SetPIN(r.Context(), f.staff, f.pin); err != nil {
			ensure(f.form)["pin"] = p.L("manager.config.problem.pin", "Min", enrol.MinPINDigits)
			ok = false
		}
	}
	if ok {
		if err := s.submit(r, queue.ConfigChanged, queue.ConfigBody{Config: cfg, By: s.sessions.staff(r)}); err != nil {
			v.Error = p.L("manager.config.failed")
			s.renderConfig(rw, r, p, v, &cfg, nil, http.StatusUnprocessableEntity)
			return
		}
		q := url.Values{"lang": {p.Lang}, "saved": {section}}
		http.Redirect(rw, r, "/manager/config?"+q.Encode()+"#"+section, http.StatusSeeOther)
		return
	}
	s.renderConfig(rw, r, p, v, &cfg, ps, http.StatusUnprocessableEntity)
}

// edited is the form a request posted: its errors, and a staff member's
// new PIN.
type edited struct {
	form       *errs // nil: no such form
	pin, staff string
}

// edit applies the form posted for section (store, reasons, counters,
// staff) to cfg, and shows it in v as typed, with the sentences of the
// fields that do not parse.
func (v *configView) edit(r *http.Request, p *page, section string, cfg *queue.Config) edited {
	form := func(k string) string { return strings.TrimSpace(r.PostFormValue(k)) }
	index, remove := form("index"), r.PostFormValue("action") == "delete"
	number := func(e errs, k string) int {
		n, err := strconv.Atoi(form(k))
		if err != nil {
			e[k] = p.L("manager.config.problem.number")
		}
		return n
	}
	switch section {
	case "store":
		f := &v.Store
		e := ensure(&f.Errs)
		f.Name, f.RecallLimit, f.Retention = form("store"), form("recall_limit"), form("retention_days")
		days := number(e, "retention_days")
		if time.Duration(days)*24*time.Hour != cfg.Retention() { // the default stays one
			cfg.RetentionDays = days
		}
		cfg.Store, cfg.RecallLimit = f.Name, number(e, "recall_limit")
		cfg.Outcomes, cfg.Hours = nil, nil
		for i := range f.Outcomes {
			if f.Outcomes[i].On = slices.Contains(r.PostForm["outcome"], f.Outcomes[i].ID); f.Outcomes[i].On {
				cfg.Outcomes = append(cfg.Outcomes, f.Outcomes[i].ID)
			}
		}
		for i := range f.Hours {
			h := &f.Hours[i]
			h.Open, h.Close = form(fmt.Sprintf("open_%d", h.Day)), form(fmt.Sprintf("close_%d", h.Day))
			if h.Open != "" || h.Close != "" {
				cfg.Hours = append(cfg.Hours, queue.Opening{Day: time.Weekday(h.Day), Open: h.Open, Close: h.Close})
			}
		}
		return edited{form: &f.Errs}
	case "reasons":
		i, f := pick(v.Reasons, &v.NewReason, index)
		if f == nil {
			return edited{}
		}
		e := ensure(&f.Errs)
		if remove {
			cfg.RemoveReason(cfg.Reasons[i].Code)
			return edited{form: &f.Errs}
		}
		editItem(&cfg.Reasons, i, false, queue.Reason{Code: form("code"), Icon: "other"}, func(x *queue.Reason) {
			f.Code, f.Prefix, f.NameFR, f.NameEN, f.SLA, f.Skill, f.Kind, f.Questions = x.Code, strings.ToUpper(form("prefix")), form("name_fr"), form("name_en"),
				form("sla"), form("skill"), form("kind"), r.PostFormValue("questions")
			x.Prefix, x.Name, x.SLAMinutes, x.Skill, x.Kind = f.Prefix, queue.Text{"fr": f.NameFR, "en": f.NameEN}, number(e, "sla"), f.Skill, f.Kind
			if qs, ok := parseQuestions(f.Questions); ok {
				x.Questions = qs
			} else {
				e["questions"] = p.L("manager.config.problem.questions_format")
			}
		})
		return edited{form: &f.Errs}
	case "counters":
		i, f := pick(v.Counters, &v.NewCounter, index)
		if f == nil {
			return edited{}
		}
		ensure(&f.Errs)
		editItem(&cfg.Counters, i, remove, queue.Counter{ID: form("id")}, func(x *queue.Counter) {
			f.ID, f.Name, f.Skills = x.ID, form("name"), form("skills")
			x.Name, x.Skills = f.Name, skills(f.Skills)
		})
		return edited{form: &f.Errs}
	case "staff":
		i, f := pick(v.Staff, &v.NewStaff, index)
		if f == nil {
			return edited{}
		}
		ensure(&f.Errs)
		editItem(&cfg.Staff, i, remove, queue.Staff{ID: form("id")}, func(x *queue.Staff) {
			f.ID, f.Name, f.Role, f.Skills = x.ID, form("name"), form("role"), form("skills")
			x.Name, x.Role, x.Skills = f.Name, queue.Role(f.Role), skills(f.Skills)
		})
		if remove {
			return edited{form: &f.Errs}
		}
		return edited{form: &f.Errs, pin: form("pin"), staff: f.ID}
	}
	return edited{}
}

// pick returns the form of forms at index and its position, -1 for the
// new one; nil when index names none.
func pick[F any](forms []F, add *F, index string) (int, *F) {
	if index == "new" {
		return -1, add
	}
	i, err := strconv.Atoi(index)
	if err != nil || i < 0 || i >= len(forms) {
		return 0, nil
	}
	return i, &forms[i]
}

// editItem applies a form to the item at i of *xs (-1: a new one, fresh):
// removes it, or changes it with change.
func editItem[T any](xs *[]T, i int, remove bool, fresh T, change func(*T)) {
	switch {
	case remove:
		*xs = slices.Delete(*xs, i, i+1)
	case i < 0:
		change(&fresh)
		*xs = append(*xs, fresh)
	default:
		change(&(*xs)[i])
	}
}

// skills reads a list of skills separated by commas or spaces.
func skills(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || unicode.IsSpace(r) })
}

// The questions of a reason are typed one a line: "id | French | English",
// each followed by its answers, "- id | French | English".

// formatQuestions writes qs one a line.
func formatQuestions(qs []queue.Question) string {
	var b strings.Builder
	for _, q := range qs {
		fmt.Fprintf(&b, "%s | %s | %s\n", q.ID, q.Text["fr"], q.Text["en"])
		for _, o := range q.Options {
			fmt.Fprintf(&b, "- %s | %s | %s\n", o.ID, o.Label["fr"], o.Label["en"])
		}
	}
	return b.String()
}

// parseQuestions reads questions written by formatQuestions; false when a
// line is not of that form.
func parseQuestions(s string) ([]queue.Question, bool) {
	var qs []queue.Question
	for line := range strings.Lines(s) {
		line = strings.TrimSpace(line)
		if line == "" {
			continue
		}
		rest, answer := strings.CutPrefix(line, "-")
		parts := strings.Split(rest, "|")
		if len(parts) != 3 || (answer && len(qs) == 0) {
			return nil, false
		}
		for i := range parts {
			parts[i] = strings.TrimSpace(parts[i])
		}
		text := queue.Text{"fr": parts[1], "en": parts[2]}
		if answer {
			q := &qs[len(qs)-1]
			q.Options = append(q.Options, queue.Option{ID: parts[0], Label: text})
		} else {
			qs = append(qs, queue.Question{ID: parts[0], Text: text})
		}
	}
	return qs, true
}
