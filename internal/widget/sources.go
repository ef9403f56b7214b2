package widget

import (
	"cmp"
	"context"
	"errors"
	"slices"
	"strconv"
	"strings"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/query"
	"github.com/ticketwire/ticketwire/internal/store"
)

// Source names an integration a widget can show the data of.
type Source struct {
	ID   int64
	Name string
}

// sourcesListed is how many integrations (the newest) the widget editor
// offers to choose from; a helpdesk has far fewer.
const sourcesListed = 100

// Sources lists every integration (the newest 100, by name) and, of all of
// them, those that have data for the customer, which the widget editor
// offers to drag into the sidebar.
func (s *Service) Sources(ctx context.Context, c event.Customer) (all, withData []Source, err error) {
	list, err := s.store.ListIntegrations(ctx, query.Page{Limit: sourcesListed})
	if err != nil {
		return nil, nil, err
	}
	names := make(map[int64]string, len(list))
	for _, in := range list {
		all = append(all, Source{ID: in.ID, Name: in.Name})
		names[in.ID] = in.Name
	}
	for key := range c.Integrations {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			continue
		}
		name, ok := names[id]
		if !ok { // older than the newest 100
			in, err := s.store.GetIntegration(ctx, id)
			if errors.Is(err, store.ErrNotFound) {
				continue
			}
			if err != nil {
				return nil, nil, err
			}
			name = in.Name
		}
		withData = append(withData, Source{ID: id, Name: name})
	}
	byName := func(a, b Source) int { return cmp.Or(strings.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) }
	slices.SortFunc(all, byName)
	slices.SortFunc(withData, byName)
	return all, withData, nil
}
