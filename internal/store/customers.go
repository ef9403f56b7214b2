package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

const customerColumns = `id, email, name, firstname, lastname, data, external_id, language, timezone, note, channels,
	created_datetime, updated_datetime`

func scanCustomer(row interface{ Scan(...any) error }) (Customer, error) {
	var c Customer
	var data, channels string
	err := row.Scan(&c.ID, &c.Email, &c.Name, &c.Firstname, &c.Lastname, &data, &c.ExternalID, &c.Language, &c.Timezone,
		&c.Note, &channels, &c.CreatedAt, &c.UpdatedAt)
	c.Data, c.Channels = json.RawMessage(data), json.RawMessage(channels)
	return c, err
}

func jsonText(raw json.RawMessage, empty string) string {
	if len(raw) == 0 {
		return empty
	}
	return string(raw)
}

// CreateCustomer inserts a customer; the email must be free.
func (q Q) CreateCustomer(ctx context.Context, c Customer) (Customer, error) {
	now := Now()
	out, err := scanCustomer(q.db.QueryRowContext(ctx, `INSERT INTO customers (email, name, firstname, lastname, data,
		external_id, language, timezone, note, channels, created_datetime, updated_datetime)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING `+customerColumns,
		c.Email, c.Name, c.Firstname, c.Lastname, jsonText(c.Data, "{}"),
		c.ExternalID, c.Language, c.Timezone, c.Note, jsonText(c.Channels, "[]"), now))
	return out, wrap(err, "create customer %s", c.Email)
}

// UpdateCustomer overwrites a customer's editable fields.
func (q Q) UpdateCustomer(ctx context.Context, c Customer) (Customer, error) {
	out, err := scanCustomer(q.db.QueryRowContext(ctx, `UPDATE customers SET email = $1, name = $2, firstname = $3, lastname = $4, data = $5,
		external_id = $6, language = $7, timezone = $8, note = $9, channels = $10, updated_datetime = $11
		WHERE id = $12 RETURNING `+customerColumns,
		c.Email, c.Name, c.Firstname, c.Lastname, jsonText(c.Data, "{}"),
		c.ExternalID, c.Language, c.Timezone, c.Note, jsonText(c.Channels, "[]"), Now(), c.ID))
	return out, wrap(err, "update customer %d", c.ID)
}

// GetCustomer loads a customer by id.
func (q Q) GetCustomer(ctx context.Context, id int64) (Customer, error) {
	c, err := scanCustomer(q.db.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE id = $1`, id))
	return c, wrap(err, "load customer %d", id)
}

// GetCustomerByEmail loads a customer by (lower-case) email.
func (q Q) GetCustomerByEmail(ctx context.Context, email string) (Customer, error) {
	c, err := scanCustomer(q.db.QueryRowContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE email = $1`, email))
	return c, wrap(err, "load customer %s", email)
}

// ListCustomers lists customers, newest first.
func (q Q) ListCustomers(ctx context.Context, p Page) ([]Customer, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT `+customerColumns+` FROM customers WHERE id < $1 ORDER BY id DESC LIMIT $2`, p.Before(), p.Size())
	if err != nil {
		return nil, wrap(err, "list customers")
	}
	return collect(rows, scanCustomer, "list customers")
}

// CustomerIntegrations loads every integration's last fetched JSON for a customer.
func (q Q) CustomerIntegrations(ctx context.Context, customerID int64) ([]CustomerIntegration, error) {
	rows, err := q.db.QueryContext(ctx, `SELECT customer_id, integration_id, data, fetched_datetime
		FROM customer_integrations WHERE customer_id = $1 ORDER BY integration_id`, customerID)
	if err != nil {
		return nil, wrap(err, "load integration data of customer %d", customerID)
	}
	return collect(rows, func(row interface{ Scan(...any) error }) (CustomerIntegration, error) {
		var ci CustomerIntegration
		var data string
		err := row.Scan(&ci.CustomerID, &ci.IntegrationID, &data, &ci.FetchedAt)
		ci.Data = json.RawMessage(data)
		return ci, err
	}, "load integration data")
}

// PutCustomerIntegration stores (replacing) the JSON an integration fetched.
func (q Q) PutCustomerIntegration(ctx context.Context, ci CustomerIntegration) error {
	return q.exec(ctx, []writeStmt{putCustomerIntegration(ci)})
}

func putCustomerIntegration(ci CustomerIntegration) writeStmt {
	return writeStmt{sql: `INSERT INTO customer_integrations (customer_id, integration_id, data, fetched_datetime)
		VALUES ($1, $2, $3, $4)
		ON CONFLICT (customer_id, integration_id) DO UPDATE SET data = excluded.data, fetched_datetime = excluded.fetched_datetime`,
		args: []any{ci.CustomerID, ci.IntegrationID, string(ci.Data), T(ci.FetchedAt)},
		what: fmt.Sprintf("store data of integration %d for customer %d", ci.IntegrationID, ci.CustomerID)}
}

// CustomerFetchTimes reads, for a ticket, its customer and when each
// integration last stored data for that customer: the fetched JSON itself is
// not read, so an open ticket page can poll this cheaply.
func (q Q) CustomerFetchTimes(ctx context.Context, ticketID int64) (customerID int64, fetched map[int64]time.Time, err error) {
	if err := q.db.QueryRowContext(ctx, `SELECT customer_id FROM tickets WHERE id = $1`, ticketID).Scan(&customerID); err != nil {
		return 0, nil, wrap(err, "load ticket %d", ticketID)
	}
	rows, err := q.db.QueryContext(ctx, `SELECT integration_id, fetched_datetime
		FROM customer_integrations WHERE customer_id = $1`, customerID)
	if err != nil {
		return 0, nil, wrap(err, "load fetch times of customer %d", customerID)
	}
	type fetchTime struct {
		id int64
		at time.Time
	}
	list, err := collect(rows, func(row interface{ Scan(...any) error }) (fetchTime, error) {
		var f fetchTime
		err := row.Scan(&f.id, &f.at)
		return f, err
	}, "load fetch times")
	if err != nil {
		return 0, nil, err
	}
	fetched = make(map[int64]time.Time, len(list))
	for _, f := range list {
		fetched[f.id] = f.at
	}
	return customerID, fetched, nil
}
