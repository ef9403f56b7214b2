package ui

import (
	"net/http"
	"strconv"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/integration"
	"github.com/ticketwire/ticketwire/internal/query"
)

// previewTickets is how many of the latest tickets the Preview / Test
// panel offers to pick from.
const previewTickets = 20

// integrationFormPage is the data of the add and edit page.
type integrationFormPage struct {
	integrationForm
	Integration   *integration.Integration // nil while adding
	Tickets       []event.Ticket           // the latest, for the Preview / Test panel
	Saved         bool
	PresetJSON    string
	PresetContext string
}

// integrationForm shows the form to add an integration, or to edit the
// one of the path (secrets masked).
func (u *UI) integrationForm(w http.ResponseWriter, r *http.Request) {
	if r.PathValue("id") == "" {
		u.showIntegrationForm(w, r, http.StatusOK, newIntegrationForm(), nil)
		return
	}
	it, ok := u.integrationFromPath(w, r)
	if !ok {
		return
	}
	u.showIntegrationForm(w, r, http.StatusOK, formFromIntegration(it), &it)
}

// showIntegrationForm renders the form; it is also how a refused save or a
// preset chosen without scripts comes back, with the admin's input kept.
func (u *UI) showIntegrationForm(w http.ResponseWriter, r *http.Request, status int, f integrationForm, it *integration.Integration) {
	if in := f.input(); in.HTTP != nil {
		f.setWarnings(integration.Warnings("http.", *in.HTTP, integration.ScopeIntegration))
	}
	p := integrationFormPage{integrationForm: f.withSpareRows(), Integration: it, Saved: r.URL.Query().Get("saved") == "1",
		PresetJSON: presetJSONTemplate, PresetContext: presetContext}
	title := "Add HTTP integration"
	if it != nil {
		title = it.Name
		list, err := u.Helpdesk.ListTickets(r.Context(), query.TicketFilter{Page: query.Page{Limit: previewTickets}})
		if err != nil {
			u.fail(w, r, err)
			return
		}
		p.Tickets = list
	}
	// The page may hold a secret the admin just typed: keep it out of caches.
	w.Header().Set("Cache-Control", "no-store")
	u.render(w, r, status, "integration_form", title, "integrations", p)
}

// rowView is a header or form-field row as the template draws it. I and N
// are the index and the row's number for people; the row template that
// scripts clone carries placeholders there instead.
type rowView struct {
	kvRow
	List         string // "headers" or "form": the inputs' name prefix
	Noun         string // "Header" or "Form field"
	I, N         string
	KeyError     string
	ValueError   string
	ValueWarning string
}

// HeaderRows are the header rows, with their errors.
func (p integrationFormPage) HeaderRows() []rowView { return p.rows("headers", "Header", p.Headers) }

// FormRows are the form-field rows, with their errors.
func (p integrationFormPage) FormRows() []rowView { return p.rows("form", "Form field", p.Form) }

// HeaderRowTemplate and FormRowTemplate are blank rows that scripts clone
// to add a row, with __i__ and __n__ to replace.
func (p integrationFormPage) HeaderRowTemplate() rowView {
	return rowView{List: "headers", Noun: "Header", I: "__i__", N: "__n__"}
}

// FormRowTemplate is the blank form-field row; see HeaderRowTemplate.
func (p integrationFormPage) FormRowTemplate() rowView {
	return rowView{List: "form", Noun: "Form field", I: "__i__", N: "__n__"}
}

func (p integrationFormPage) rows(list, noun string, rows []kvRow) []rowView {
	out := make([]rowView, len(rows))
	for i, r := range rows {
		prefix := list + "[" + strconv.Itoa(r.Index) + "]."
		out[i] = rowView{kvRow: r, List: list, Noun: noun, I: strconv.Itoa(r.Index), N: strconv.Itoa(r.Index + 1),
			KeyError: p.Errors[prefix+"key"], ValueError: p.Errors[prefix+"value"], ValueWarning: p.Warnings[prefix+"value"]}
	}
	return out
}
