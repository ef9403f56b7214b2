package importer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/ticketwire/ticketwire/internal/validate"
	"github.com/ticketwire/ticketwire/internal/widget"
)

// widgetHead is what decides whether and where a widget is imported.
type widgetHead struct {
	Context             string          `json:"context"`
	IntegrationID       json.RawMessage `json:"integration_id"`
	DeactivatedDatetime json.RawMessage `json:"deactivated_datetime"`
}

func (r *run) importWidget(ctx context.Context, it Item) error {
	var head widgetHead
	if err := json.Unmarshal(it.Raw, &head); err != nil {
		return r.refuse(&r.sum.Widgets, "widget "+it.ID, validate.Errorf("", "%v", err))
	}
	source := strings.Trim(string(bytes.TrimSpace(head.IntegrationID)), `"`)
	label := fmt.Sprintf("widget %s (integration %s)", it.ID, source)
	if skip := widgetSkip(it, head, source); skip != "" {
		r.sum.Widgets.Skipped++
		r.say("%s: skipped: %s", label, skip)
		return nil
	}
	integrationID, ok := r.ids[source]
	if !ok {
		r.sum.Widgets.Skipped++
		r.say("%s: skipped: integration %s is not an HTTP integration of this import", label, source)
		return nil
	}
	id, ok, err := r.existing(ctx, kindWidget, it.ID, func(id int64) error {
		_, err := r.store.GetWidget(ctx, id)
		return err
	})
	if err != nil || ok {
		if ok {
			r.sum.Widgets.Existing++
			r.say("%s: already imported as widget %d", label, id)
		}
		return err
	}
	return r.createWidget(ctx, it, label, integrationID)
}

// widgetSkip says why a widget is not imported, or "" when it is.
func widgetSkip(it Item, head widgetHead, source string) string {
	switch {
	case it.Type != "" && it.Type != widget.SourceHTTP:
		return "its type is " + it.Type + "; only widgets of HTTP integrations are imported"
	case head.Context != "" && head.Context != widget.ContextTicket:
		return "its context is " + head.Context + "; ticketwire shows widgets in the ticket sidebar only"
	case source == "" || source == "null":
		return "it has no integration_id"
	case isSetRaw(head.DeactivatedDatetime):
		return "it is deactivated"
	}
	return ""
}

func (r *run) createWidget(ctx context.Context, it Item, label string, integrationID int64) error {
	raw, changed, unknown := rewriteRefs(it.Raw, r.ids)
	r.warnUnknown(label, unknown)
	var in widget.Input
	if err := json.Unmarshal(raw, &in); err != nil {
		return r.refuse(&r.sum.Widgets, label, validate.Errorf("template", "%v", err))
	}
	in.IntegrationID = integrationID
	if r.dry {
		if in.Template == nil {
			return r.refuse(&r.sum.Widgets, label, validate.Errorf("template", "is required"))
		}
		if err := widget.Validate(*in.Template); err != nil {
			return r.refuse(&r.sum.Widgets, label, err)
		}
		r.sum.Widgets.Created++
		r.sum.Rewritten += changed
		r.say("%s: would be created", label)
		return nil
	}
	got, err := r.widgets.CreateThen(ctx, in, record(ctx, kindWidget, it.ID))
	if err != nil {
		return r.refuse(&r.sum.Widgets, label, err)
	}
	r.sum.Widgets.Created++
	r.sum.Rewritten += changed
	r.say("%s: created as widget %d on integration %d", label, got.ID, integrationID)
	return nil
}

func isSetRaw(b json.RawMessage) bool {
	b = bytes.TrimSpace(b)
	return len(b) > 0 && string(b) != "null"
}

func asValidation(err error) (*validate.Error, bool) { return validate.As(err) }
