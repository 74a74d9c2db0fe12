package report

import (
	"cmp"
	"slices"
	"strings"
	"time"

	"accueil/internal/queue"
)

// NPS counts visitors' answers to "how likely are you to recommend us?"
// (see queue.Feedback): promoters score 9 or 10, passives 7 or 8,
// detractors 0 to 6.
type NPS struct {
	Answers, Promoters, Passives, Detractors int
}

// Score is the Net Promoter Score: the share of promoters less that of
// detractors, in points from -100 to 100; 0 without answers.
func (n NPS) Score() float64 {
	if n.Answers == 0 {
		return 0
	}
	return 100 * float64(n.Promoters-n.Detractors) / float64(n.Answers)
}

func (n *NPS) add(f *queue.Feedback) {
	n.Answers++
	switch {
	case f.Promoter():
		n.Promoters++
	case f.Detractor():
		n.Detractors++
	default:
		n.Passives++
	}
}

// WaitBuckets bound the waits against which the NPS is read
// (Report.WaitNPS): under 5 minutes, 5 to under 15, 15 to under 30, and
// 30 or more.
var WaitBuckets = [...]time.Duration{5 * time.Minute, 15 * time.Minute, 30 * time.Minute}

// waitBucket returns the index in Report.WaitNPS of a wait.
func waitBucket(w time.Duration) int {
	i := 0
	for i < len(WaitBuckets) && w >= WaitBuckets[i] {
		i++
	}
	return i
}

// Answer is one visitor's feedback with the visit it rates.
type Answer struct {
	Day, Number, Reason, Staff string
	Score                      int
	Comment                    string
	At                         time.Time     // when it was given
	Wait                       time.Duration // to the first call
}

// answer records the feedback of ticket t, read as v.
func (rep *Report) answer(t *queue.Ticket, v visit) {
	f := t.Feedback
	rep.WaitNPS[waitBucket(v.wait)].add(f)
	a := Answer{Day: t.Day, Number: t.Number, Reason: t.Reason, Staff: t.Staff, Score: f.Score, Comment: f.Comment, At: f.At, Wait: v.wait}
	if a.Comment != "" {
		rep.Comments = append(rep.Comments, a)
	}
	if f.Detractor() {
		rep.Detractors = append(rep.Detractors, a)
	}
}

// latestFirst sorts answers, the latest given first.
func latestFirst(as []Answer) {
	slices.SortFunc(as, func(a, b Answer) int {
		return cmp.Or(b.At.Compare(a.At), strings.Compare(a.Number, b.Number))
	})
}
