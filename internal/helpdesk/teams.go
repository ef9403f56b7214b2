package helpdesk

import (
	"context"
	"strings"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// CreateTeam creates a team that tickets can be assigned to.
func (s *Service) CreateTeam(ctx context.Context, name string) (store.Team, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return store.Team{}, validate.Errorf("name", "is required")
	}
	if err := validate.MaxLen("name", name, 100); err != nil {
		return store.Team{}, err
	}
	return s.store.CreateTeam(ctx, name)
}

// ListTeams lists the teams by name.
func (s *Service) ListTeams(ctx context.Context) ([]store.Team, error) {
	return s.store.ListTeams(ctx)
}
