package ui

import (
	"context"
	"encoding/json"
	"slices"

	"github.com/ticketwire/ticketwire/internal/delivery"
	"github.com/ticketwire/ticketwire/internal/macro"
	"github.com/ticketwire/ticketwire/internal/query"
)

// maxHookPages bounds how much of a ticket's hooks log its view reads: a
// ticket on which macros fired over a thousand hooks shows the newest.
const maxHookPages = 10

// hookCallView is a hook a macro fired, as "Actions performed" shows it
// under the reply it belongs to.
type hookCallView struct {
	macro.HookCall
	Req delivery.RequestLog
	Res *delivery.ResponseLog
}

// StatusLabel names the outcome.
func (h hookCallView) StatusLabel() string {
	if l, ok := outcomeLabels[h.Status]; ok {
		return l
	}
	return h.Status
}

// HTTPClass is the class of the response status badge: http-2xx … http-5xx.
func (h hookCallView) HTTPClass() string {
	if h.Res == nil {
		return "http-error"
	}
	switch s := h.Res.Status; {
	case s < 300:
		return "http-2xx"
	case s < 400:
		return "http-3xx"
	case s < 500:
		return "http-4xx"
	}
	return "http-5xx"
}

// messageHooks loads the hook calls kept with a ticket's messages, by
// message id, each message's in action order. Hooks of an apply that
// stopped at a failed hook belong to no message and are left out.
func (u *UI) messageHooks(ctx context.Context, ticketID int64) (map[int64][]hookCallView, error) {
	out := map[int64][]hookCallView{}
	if u.Macros == nil {
		return out, nil
	}
	f := query.HookLogFilter{TicketID: ticketID, Page: query.Page{Limit: 100}}
	for range maxHookPages {
		list, err := u.Macros.HookLog(ctx, f)
		if err != nil {
			return nil, err
		}
		for _, c := range list {
			if c.MessageID == nil {
				continue
			}
			v := hookCallView{HookCall: c}
			_ = json.Unmarshal(c.Request, &v.Req)  // written by the service: valid
			_ = json.Unmarshal(c.Response, &v.Res) // "null" leaves it nil
			out[*c.MessageID] = append(out[*c.MessageID], v)
		}
		if len(list) < f.Limit {
			break
		}
		f.BeforeID = list[len(list)-1].ID
	}
	for _, calls := range out {
		slices.SortFunc(calls, func(a, b hookCallView) int { return a.ActionIndex - b.ActionIndex })
	}
	return out, nil
}
