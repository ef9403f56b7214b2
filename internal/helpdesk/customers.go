package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"strings"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// CustomerInput is what the API takes to create or update a customer. On
// update, absent fields keep their value.
type CustomerInput struct {
	Email     *string         `json:"email"`
	Name      *string         `json:"name"`
	Firstname *string         `json:"firstname"`
	Lastname  *string         `json:"lastname"`
	Data      json.RawMessage `json:"data"`
}

// apply checks in and copies it onto c; field names are prefixed with prefix.
func (in CustomerInput) apply(prefix string, c *store.Customer) error {
	if in.Email != nil {
		e, err := validate.Email(prefix+"email", *in.Email)
		if err != nil {
			return err
		}
		c.Email = e
	}
	for _, f := range []struct {
		name string
		in   *string
		out  *string
	}{{"name", in.Name, &c.Name}, {"firstname", in.Firstname, &c.Firstname}, {"lastname", in.Lastname, &c.Lastname}} {
		if f.in == nil {
			continue
		}
		v := strings.TrimSpace(*f.in)
		if err := validate.MaxLen(prefix+f.name, v, 255); err != nil {
			return err
		}
		*f.out = v
	}
	if len(in.Data) > 0 && string(in.Data) != "null" {
		var obj map[string]any
		if json.Unmarshal(in.Data, &obj) != nil {
			return validate.Errorf(prefix+"data", "must be a JSON object")
		}
		c.Data = in.Data
	}
	return nil
}

// CreateCustomer creates a customer; the email must be free (409 otherwise).
func (s *Service) CreateCustomer(ctx context.Context, in CustomerInput) (event.Customer, error) {
	var c store.Customer
	if in.Email == nil {
		return event.Customer{}, validate.Errorf("email", "is required")
	}
	if err := in.apply("", &c); err != nil {
		return event.Customer{}, err
	}
	row, err := s.store.CreateCustomer(ctx, c)
	if err != nil {
		return event.Customer{}, err
	}
	return customerView(ctx, s.store.Q, row)
}

// UpdateCustomer changes the given fields of a customer.
func (s *Service) UpdateCustomer(ctx context.Context, id int64, in CustomerInput) (event.Customer, error) {
	var out event.Customer
	err := s.store.InTx(ctx, func(tx *store.Tx) error {
		c, err := tx.GetCustomer(ctx, id)
		if err != nil {
			return err
		}
		if err := in.apply("", &c); err != nil {
			return err
		}
		if c, err = tx.UpdateCustomer(ctx, c); err != nil {
			return err
		}
		out, err = customerView(ctx, tx.Q, c)
		return err
	})
	return out, err
}

// GetCustomer returns a customer with its integrations' data.
func (s *Service) GetCustomer(ctx context.Context, id int64) (event.Customer, error) {
	c, err := s.store.GetCustomer(ctx, id)
	if err != nil {
		return event.Customer{}, err
	}
	return customerView(ctx, s.store.Q, c)
}

// FindCustomers lists customers, newest first, or the one with email.
func (s *Service) FindCustomers(ctx context.Context, email string, p store.Page) ([]event.Customer, error) {
	var rows []store.Customer
	if email != "" {
		c, err := s.store.GetCustomerByEmail(ctx, strings.ToLower(strings.TrimSpace(email)))
		if errors.Is(err, store.ErrNotFound) {
			return []event.Customer{}, nil
		}
		if err != nil {
			return nil, err
		}
		rows = []store.Customer{c}
	} else {
		var err error
		if rows, err = s.store.ListCustomers(ctx, p); err != nil {
			return nil, err
		}
	}
	out := make([]event.Customer, 0, len(rows))
	for _, c := range rows {
		v, err := customerView(ctx, s.store.Q, c)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, nil
}
