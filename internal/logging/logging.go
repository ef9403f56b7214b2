// Package logging makes the process's logger from the configured level and
// format (TICKETWIRE_LOG_LEVEL, TICKETWIRE_LOG_FORMAT), and keeps the job
// queue's routine reports below the default level so that an idle server
// is quiet.
package logging

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
)

// Formats of the log lines.
const (
	FormatText = "text" // key=value lines (slog's text handler)
	FormatJSON = "json" // one JSON object a line, for log collectors
)

// ParseLevel reads debug, info, warn or error (any case).
func ParseLevel(v string) (slog.Level, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "debug":
		return slog.LevelDebug, nil
	case "info":
		return slog.LevelInfo, nil
	case "warn":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, errors.New("must be debug, info, warn or error")
}

// ParseFormat reads text or json (any case).
func ParseFormat(v string) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(v)); f {
	case FormatText, FormatJSON:
		return f, nil
	}
	return "", errors.New("must be text or json")
}

// New is a logger writing lines of format to w, from level up. An unknown
// format writes text: formats are checked where they are read.
func New(w io.Writer, level slog.Level, format string) *slog.Logger {
	o := &slog.HandlerOptions{Level: level}
	if format == FormatJSON {
		return slog.New(slog.NewJSONHandler(w, o))
	}
	return slog.New(slog.NewTextHandler(w, o))
}

// Quieter is l with its INFO records demoted to DEBUG; warnings and errors
// keep their level. River reports at INFO what an operator does not act
// on (a producer's job counts every few seconds, each maintenance run,
// each job error, which the delivery engine logs itself with what it
// means), so its logger is this one: TICKETWIRE_LOG_LEVEL=debug shows them.
func Quieter(l *slog.Logger) *slog.Logger { return slog.New(demoted{l.Handler()}) }

// demoted passes records to h with INFO (and anything between INFO and
// WARN) turned into DEBUG.
type demoted struct{ h slog.Handler }

func demote(l slog.Level) slog.Level {
	if l >= slog.LevelInfo && l < slog.LevelWarn {
		return slog.LevelDebug
	}
	return l
}

func (d demoted) Enabled(ctx context.Context, l slog.Level) bool { return d.h.Enabled(ctx, demote(l)) }

func (d demoted) Handle(ctx context.Context, r slog.Record) error {
	r.Level = demote(r.Level)
	return d.h.Handle(ctx, r)
}

func (d demoted) WithAttrs(as []slog.Attr) slog.Handler { return demoted{d.h.WithAttrs(as)} }

func (d demoted) WithGroup(name string) slog.Handler { return demoted{d.h.WithGroup(name)} }
