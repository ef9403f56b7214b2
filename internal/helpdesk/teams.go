package helpdesk

import (
	"context"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// Team is a group of agents a ticket can be assigned to.
type Team struct {
	ID        int64
	Name      string
	CreatedAt time.Time
}

func teamOf(t store.Team) Team { return Team{ID: t.ID, Name: t.Name, CreatedAt: t.CreatedAt} }

// CreateTeam creates a team that tickets can be assigned to.
func (s *Service) CreateTeam(ctx context.Context, name string) (Team, error) {
	name = strings.TrimSpace(name)
	if name == "" {
		return Team{}, validate.Errorf("name", "is required")
	}
	if err := validate.MaxLen("name", name, 100); err != nil {
		return Team{}, err
	}
	t, err := s.store.CreateTeam(ctx, name)
	if err != nil {
		return Team{}, err
	}
	return teamOf(t), nil
}

// ListTeams lists the teams by name.
func (s *Service) ListTeams(ctx context.Context) ([]Team, error) {
	rows, err := s.store.ListTeams(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]Team, 0, len(rows))
	for _, t := range rows {
		out = append(out, teamOf(t))
	}
	return out, nil
}
