package main

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// CPU time is read around each measured window: this process's own (the
// engine and the in-process receiver; in flat-out runs also the goroutines
// creating the tickets) from getrusage, and PostgreSQL's from /proc/<pid>/stat
// of its processes, which works when the server runs on this machine.

// selfCPU is the user plus system time this process has used.
func selfCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// clockTick is USER_HZ, the unit of /proc/<pid>/stat times: 100 on every
// Linux build this runs on (it is fixed by the kernel's ABI, not by HZ).
const clockTick = 10 * time.Millisecond

// procCPU reads the user plus system time of process pid from /proc.
func procCPU(pid int) (time.Duration, bool) {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return 0, false
	}
	s := string(b)
	// The command name (field 2) is in parentheses and may hold spaces.
	end := strings.LastIndexByte(s, ')')
	if end < 0 || !strings.Contains(s[:end], "(postgres") {
		return 0, false
	}
	f := strings.Fields(s[end+1:])
	// f[0] is field 3 (state): utime and stime are fields 14 and 15.
	if len(f) < 13 {
		return 0, false
	}
	ut, err1 := strconv.ParseInt(f[11], 10, 64)
	st, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0, false
	}
	return time.Duration(ut+st) * clockTick, true
}

// pgCPU samples the CPU time of the PostgreSQL server processes that serve
// this run: the backends of its own connections (told apart by their
// application_name) and the server's shared background writers (WAL
// writer, checkpointer, background writer), which write what those
// backends committed. Others using the same server add to the latter.
type pgCPU struct {
	db  *sql.DB
	app string
}

// pgSample is, per process, its CPU time so far and whether it is one of
// this run's backends (true) or a shared background process (false).
type pgSample map[int]pgProc

type pgProc struct {
	cpu     time.Duration
	backend bool
}

func (p *pgCPU) sample(ctx context.Context) (pgSample, error) {
	rows, err := p.db.QueryContext(ctx, `SELECT pid, application_name = $1 FROM pg_stat_activity
		WHERE application_name = $1 OR backend_type IN ('walwriter', 'checkpointer', 'background writer')`, p.app)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := pgSample{}
	for rows.Next() {
		var pid int
		var backend bool
		if err := rows.Scan(&pid, &backend); err != nil {
			return nil, err
		}
		if c, ok := procCPU(pid); ok {
			out[pid] = pgProc{cpu: c, backend: backend}
		}
	}
	return out, rows.Err()
}

// pgUsage is PostgreSQL's CPU time over a window.
type pgUsage struct {
	measured   bool
	why        string // when not measured
	backends   time.Duration
	background time.Duration
}

func (u pgUsage) total() time.Duration { return u.backends + u.background }

// since is the CPU used from before to after; a process that started
// meanwhile counts from zero.
func (after pgSample) since(before pgSample) pgUsage {
	u := pgUsage{measured: true}
	for pid, a := range after {
		d := a.cpu - before[pid].cpu
		if a.backend {
			u.backends += d
		} else {
			u.background += d
		}
	}
	return u
}

// cpuMark is the CPU counters at one moment.
type cpuMark struct {
	self time.Duration
	pg   pgSample
	err  error
}

func (b *bench) markCPU(ctx context.Context) cpuMark {
	m := cpuMark{self: selfCPU()}
	if b.pgCPU != nil {
		m.pg, m.err = b.pgCPU.sample(ctx)
	}
	return m
}

// usage is the CPU used between two marks.
type usage struct {
	self time.Duration
	pg   pgUsage
}

func (b *bench) usageSince(before, after cpuMark) usage {
	u := usage{self: after.self - before.self}
	switch {
	case b.pgCPU == nil:
	case before.err != nil || after.err != nil:
		u.pg.why = fmt.Sprintf("could not list the server's processes: %v", firstErr(before.err, after.err))
	case len(after.pg) == 0:
		u.pg.why = "its processes are not readable in /proc here (is the server on another machine?)"
	default:
		u.pg = after.pg.since(before.pg)
	}
	return u
}

func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// resetPeakRSS starts a new resident-memory high-water mark (Linux 4.0 and
// later), so each run's peak is its own.
func resetPeakRSS() {
	_ = os.WriteFile("/proc/self/clear_refs", []byte("5"), 0)
}
