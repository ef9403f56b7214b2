package widget

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/ticketwire/ticketwire/internal/fetched"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Template builds the default widget of an integration from one customer's
// data, as dragging that data into the sidebar does (DESIGN.md "Fetched data
// and widgets"), titled with the integration's name. It is not saved. The
// customer must have data from the integration, since the tree is guessed
// from it.
func (s *Service) Template(ctx context.Context, integrationID, customerID int64) (Node, error) {
	switch {
	case integrationID <= 0:
		return Node{}, validate.Errorf("integration_id", "is required: the integration whose data the widget shows")
	case customerID <= 0:
		return Node{}, validate.Errorf("customer_id", "is required: a customer who has data from the integration")
	}
	in, err := s.store.GetIntegration(ctx, integrationID)
	if errors.Is(err, store.ErrNotFound) {
		return Node{}, validate.Errorf("integration_id", "no integration %d exists", integrationID)
	}
	if err != nil {
		return Node{}, err
	}
	if _, err := s.store.GetCustomer(ctx, customerID); errors.Is(err, store.ErrNotFound) {
		return Node{}, validate.Errorf("customer_id", "no customer %d exists", customerID)
	} else if err != nil {
		return Node{}, err
	}
	data, ok, err := s.customerData(ctx, customerID, integrationID)
	if err != nil {
		return Node{}, err
	}
	if !ok {
		return Node{}, validate.Errorf("customer_id", "customer %d has no data from integration %d (%s) yet: the integration stores it "+
			"when it answers a ticket event with JSON; pick a customer it has answered for", customerID, integrationID, in.Name)
	}
	root, err := DefaultTemplate(in.Name, data)
	if err != nil {
		return Node{}, fmt.Errorf("widget: template of integration %d for customer %d: %w", integrationID, customerID, err)
	}
	return root, nil
}

// customerData is the stored data of one customer from one integration.
func (s *Service) customerData(ctx context.Context, customerID, integrationID int64) (json.RawMessage, bool, error) {
	all, err := s.store.CustomerIntegrations(ctx, customerID)
	if err != nil {
		return nil, false, err
	}
	for _, ci := range all {
		if ci.IntegrationID == integrationID {
			if fetched.Check(ci.Data, fetched.Defaults()) != nil {
				return nil, false, nil // not shown anywhere, so nothing to build from
			}
			return ci.Data, true, nil
		}
	}
	return nil, false, nil
}
