package queue

import (
	"fmt"
	"slices"
)

// Rebond is a suggestion the staff member serving a visit is offered when
// its reason and answers match ("propose the fibre eligibility check" to
// a visitor whose internet box has no network). The visitor never sees
// it; finishing the service records whether it was proposed and accepted
// (RebondResult).
type Rebond struct {
	ID      string            `json:"id"`
	Reason  string            `json:"reason"`
	Answers map[string]string `json:"answers,omitempty"` // question id → option id, all to match
	Text    Text              `json:"text"`              // the suggestion, short
}

// matches reports whether t's reason and answers are the rule's.
func (r *Rebond) matches(t *Ticket) bool {
	if t.Reason != r.Reason {
		return false
	}
	for q, o := range r.Answers {
		if t.Answers[q] != o {
			return false
		}
	}
	return true
}

// RebondResult is what became of the suggestion a visit matched: kept on
// the ticket when its service is finished.
type RebondResult struct {
	Rule     string `json:"rule"`
	Staff    string `json:"staff"`
	Proposed bool   `json:"proposed,omitempty"`
	Accepted bool   `json:"accepted,omitempty"` // the visitor said yes
}

// RebondFor returns the suggestion for t: the first rule, in the order of
// the configuration, whose reason and answers match; nil when none does.
func (c *Config) RebondFor(t *Ticket) *Rebond {
	i := slices.IndexFunc(c.Rebonds, func(r Rebond) bool { return r.matches(t) })
	if i < 0 {
		return nil
	}
	return &c.Rebonds[i]
}

// checkRebonds checks that each rule has an id of its own, a known
// reason, answers its reason asks, and its text in French and English. A
// rule that names a question or an answer its reason lost is a problem of
// that reason's questions.
func (c *Config) checkRebonds(k *checker) {
	seen := map[string]bool{}
	for _, rb := range c.Rebonds {
		i := slices.IndexFunc(c.Reasons, func(r Reason) bool { return r.Code == rb.Reason })
		switch {
		case rb.ID == "":
			k.add(Broken, "rebonds", "rebond", "a suggestion has no id")
		case seen[rb.ID]:
			k.add(Broken, "rebonds", "rebond", "suggestion %s configured twice", rb.ID)
		case i < 0:
			k.add(Broken, "rebonds", "rebond", "suggestion %s: unknown reason %q", rb.ID, rb.Reason)
		case rb.Text["fr"] == "" || rb.Text["en"] == "":
			k.add(Broken, "rebonds", "rebond", "suggestion %s: its text is needed in French and English", rb.ID)
		}
		seen[rb.ID] = true
		if i < 0 {
			continue
		}
		r := &c.Reasons[i]
		for q, o := range rb.Answers {
			j := slices.IndexFunc(r.Questions, func(x Question) bool { return x.ID == q })
			if j < 0 || !slices.ContainsFunc(r.Questions[j].Options, func(x Option) bool { return x.ID == o }) {
				k.add(Broken, fmt.Sprintf("reasons.%d.questions", i), "rebond_answer", "suggestion %s: question %s of reason %s has no answer %q", rb.ID, q, r.Code, o)
			}
		}
	}
}

// rebond checks what a finish says of the suggestion t matched and returns
// what the ticket keeps: nil when no rule matches. A suggestion named must
// be the one that matches (the tablet showed it), and only a suggestion
// proposed can be accepted.
func (c *Config) rebond(t *Ticket, b FinishBody) (*RebondResult, error) {
	r := c.RebondFor(t)
	switch {
	case b.RebondAccepted && !b.RebondProposed:
		return nil, Errorf(EINVALID, "a suggestion is accepted only once proposed")
	case b.RebondProposed && b.Rebond == "":
		return nil, Errorf(EINVALID, "a suggestion proposed must be named")
	case b.Rebond != "" && (r == nil || r.ID != b.Rebond):
		return nil, Errorf(EINVALID, "suggestion %q does not apply to ticket %s", b.Rebond, t.Number)
	case r == nil:
		return nil, nil
	}
	return &RebondResult{Rule: r.ID, Staff: b.Staff, Proposed: b.RebondProposed, Accepted: b.RebondAccepted}, nil
}
