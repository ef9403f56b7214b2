package helpdesk

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// CustomerInput is what the API takes to create or update a customer. On
// update, absent fields keep their value.
type CustomerInput struct {
	Email *string `json:"email"`
	Name  *string `json:"name"`
	CustomerFields
}

// CustomerFields are a customer's fields besides email and name, which
// POST /api/customers and the inline customer of POST /api/tickets share.
// external_id, language and timezone may be null (the hosted helpdesk's
// "not set").
type CustomerFields struct {
	Firstname  *string          `json:"firstname"`
	Lastname   *string          `json:"lastname"`
	Data       json.RawMessage  `json:"data"`
	ExternalID Opt[string]      `json:"external_id"`
	Language   Opt[string]      `json:"language"`
	Timezone   Opt[string]      `json:"timezone"`
	Note       *string          `json:"note"`
	Channels   *[]event.Channel `json:"channels"`
}

// apply checks in and copies it onto c; field names are prefixed with prefix.
func (in CustomerInput) apply(prefix string, c *store.Customer) error {
	if in.Email == nil && c.Email == "" && in.Channels != nil {
		// The hosted helpdesk creates a customer from its channels alone.
		if e := primaryEmail(*in.Channels); e != "" {
			in.Email = &e
		}
	}
	if in.Email != nil {
		e, err := validate.Email(prefix+"email", *in.Email)
		if err != nil {
			return err
		}
		c.Email = e
	}
	if in.Name != nil {
		v := strings.TrimSpace(*in.Name)
		if err := validate.MaxLen(prefix+"name", v, 255); err != nil {
			return err
		}
		c.Name = v
	}
	return in.CustomerFields.apply(prefix, c)
}

// apply checks f and copies it onto c.
func (f CustomerFields) apply(prefix string, c *store.Customer) error {
	for _, t := range []struct {
		name string
		in   *string
		out  *string
	}{{"firstname", f.Firstname, &c.Firstname}, {"lastname", f.Lastname, &c.Lastname}} {
		if t.in == nil {
			continue
		}
		v := strings.TrimSpace(*t.in)
		if err := validate.MaxLen(prefix+t.name, v, 255); err != nil {
			return err
		}
		*t.out = v
	}
	if len(f.Data) > 0 && string(f.Data) != "null" {
		var obj map[string]any
		if json.Unmarshal(f.Data, &obj) != nil {
			return validate.Errorf(prefix+"data", "must be a JSON object")
		}
		c.Data = f.Data
	}
	if err := f.applyHosted(prefix, c); err != nil {
		return err
	}
	if f.Channels != nil {
		raw, err := checkChannels(prefix+"channels", *f.Channels)
		if err != nil {
			return err
		}
		c.Channels = raw
	}
	return nil
}

// applyHosted copies the hosted helpdesk's plain customer fields.
func (f CustomerFields) applyHosted(prefix string, c *store.Customer) error {
	var err error
	if c.ExternalID, err = optText(prefix+"external_id", f.ExternalID, c.ExternalID, 255); err != nil {
		return err
	}
	if c.Language, err = optLanguage(prefix+"language", f.Language, c.Language); err != nil {
		return err
	}
	if c.Timezone, err = optTimezone(prefix+"timezone", f.Timezone, c.Timezone); err != nil {
		return err
	}
	if f.Note != nil {
		v := strings.TrimSpace(*f.Note)
		if err := validate.MaxLen(prefix+"note", v, maxNote); err != nil {
			return err
		}
		c.Note = v
	}
	return nil
}

// CreateCustomer creates a customer; the email must be free (409 otherwise).
func (s *Service) CreateCustomer(ctx context.Context, in CustomerInput) (event.Customer, error) {
	var c store.Customer
	if in.Email == nil && (in.Channels == nil || primaryEmail(*in.Channels) == "") {
		return event.Customer{}, validate.Errorf("email", "is required (or an email channel)")
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

// FetchTimes tells, for a ticket, its customer's id and when each integration
// (by id) last stored data for that customer, without loading the data.
func (s *Service) FetchTimes(ctx context.Context, ticketID int64) (customerID int64, fetched map[int64]time.Time, err error) {
	return s.store.CustomerFetchTimes(ctx, ticketID)
}
