package eta

import (
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"accueil/internal/queue"
)

// Services holds the law of service time of each reason: the services
// seen, weighted, mixed with a log-normal prior.
type Services struct {
	laws map[string]*law
}

// law is the service time of one reason: services seen sorted by length
// with their cumulative weights, and the prior.
type law struct {
	seen []float64 // seconds, ascending
	cum  []float64 // cum[i]: weight of seen[:i+1]
	mu   float64   // of the prior's logarithm (seconds)
}

// Learn returns the service times of cfg's reasons from the finished
// services among tickets (served at the door and unfinished ones left
// out). A service weighs 0.5^(age/HalfLife); one of a past day weighs
// OtherHours as much when it started more than an hour of day away from
// now. Today's weigh alike whatever their hour: the last hour's services
// are few, and favouring them would follow their luck (a queue grows after
// long services, which would then make every wait look longer).
func Learn(cfg *queue.Config, tickets []*queue.Ticket, now time.Time) *Services {
	loc := cfg.Location()
	hour := float64(now.In(loc).Hour()) + float64(now.In(loc).Minute())/60
	today := queue.Day(now, loc)
	type sample struct{ d, w float64 }
	seen := map[string][]sample{}
	for _, t := range tickets {
		if t.Status != queue.Done || t.StartedAt.IsZero() || !t.EndedAt.After(t.StartedAt) || t.EndedAt.After(now) {
			continue
		}
		w := math.Exp2(-float64(now.Sub(t.EndedAt)) / float64(HalfLife))
		at := t.StartedAt.In(loc)
		h := float64(at.Hour()) + float64(at.Minute())/60
		if d := math.Abs(h - hour); math.Min(d, 24-d) > 1 && queue.Day(at, loc) != today {
			w *= OtherHours
		}
		seen[t.Reason] = append(seen[t.Reason], sample{t.EndedAt.Sub(t.StartedAt).Seconds(), w})
	}
	s := &Services{laws: map[string]*law{}}
	for _, r := range cfg.Reasons {
		l := &law{mu: math.Log(Prior(&r).Seconds()) - PriorSigma*PriorSigma/2}
		ss := seen[r.Code]
		slices.SortFunc(ss, func(a, b sample) int { return cmpFloat(a.d, b.d) })
		sum := 0.0
		for _, x := range ss {
			sum += x.w
			l.seen, l.cum = append(l.seen, x.d), append(l.cum, sum)
		}
		s.laws[r.Code] = l
	}
	return s
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Mean returns the mean service time of reason, 0 for an unknown one.
func (s *Services) Mean(reason string) time.Duration {
	l := s.laws[reason]
	if l == nil {
		return 0
	}
	sum, w := PriorWeight*math.Exp(l.mu+PriorSigma*PriorSigma/2), float64(PriorWeight)
	prev := 0.0
	for i, d := range l.seen {
		sum += d * (l.cum[i] - prev)
		prev = l.cum[i]
	}
	w += prev
	return time.Duration(sum / w * float64(time.Second))
}

// remaining draws, in seconds, what is left of a service of reason that
// has lasted elapsed: a service seen longer than elapsed, or the prior
// given it lasts longer, each as likely as its weight says.
func (s *Services) remaining(reason string, elapsed time.Duration, rng *rand.Rand) float64 {
	l := s.laws[reason]
	if l == nil {
		return 0
	}
	e := max(elapsed.Seconds(), 0)
	i, _ := slices.BinarySearch(l.seen, math.Nextafter(e, math.Inf(1)))
	below := 0.0
	if i > 0 {
		below = l.cum[i-1]
	}
	total := 0.0
	if n := len(l.cum); n > 0 {
		total = l.cum[n-1]
	}
	var z float64 // standard normal of e under the prior
	if e > 0 {
		z = (math.Log(e) - l.mu) / PriorSigma
	} else {
		z = math.Inf(-1)
	}
	fe := phi(z)
	seen, prior := total-below, PriorWeight*(1-fe)
	if seen+prior <= 0 {
		return 0
	}
	u := rng.Float64() * (seen + prior)
	if u < seen {
		j, _ := slices.BinarySearch(l.cum, below+u)
		return l.seen[min(j, len(l.seen)-1)] - e
	}
	p := min(fe+(1-fe)*rng.Float64(), 1-1e-12)
	return max(math.Exp(l.mu+PriorSigma*math.Sqrt2*math.Erfinv(2*p-1))-e, 0)
}

// phi is the standard normal distribution function.
func phi(z float64) float64 { return 0.5 * math.Erfc(-z/math.Sqrt2) }
