package groupcommit

import (
	"slices"
	"sync"
	"testing"
)

// Callers arriving while a run is in progress are taken by the leader's
// later runs, at most max at a time, and every item is run exactly once.
func TestLeaderRunsWhatArrivesMeanwhile(t *testing.T) {
	var q Queue[int]
	var runs [][]int
	var wg sync.WaitGroup
	release := make(chan struct{})
	started := make(chan struct{})
	run := func(list []int) {
		if len(runs) == 0 {
			close(started)
			<-release
		}
		runs = append(runs, slices.Clone(list))
	}
	wg.Add(1)
	go func() { defer wg.Done(); q.Add(0, 2, run) }()
	<-started
	for i := 1; i <= 5; i++ {
		q.Add(i, 2, run) // a run is in progress: returns at once
	}
	close(release)
	wg.Wait()
	want := [][]int{{0}, {1, 2}, {3, 4}, {5}}
	if !slices.EqualFunc(runs, want, slices.Equal) {
		t.Fatalf("runs = %v, want %v", runs, want)
	}
}

func TestQueuedJoinsTheNextRun(t *testing.T) {
	var q Queue[string]
	q.Queued("other")
	var got []string
	q.Add("mine", 10, func(list []string) { got = append(got, list...) })
	if !slices.Equal(got, []string{"other", "mine"}) {
		t.Fatalf("run saw %v, want [other mine]", got)
	}
}
