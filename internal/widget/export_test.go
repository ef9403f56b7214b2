package widget

import "context"

// GetClear loads a widget with its secrets in clear, as a run does.
func (s *Service) GetClear(ctx context.Context, id int64) (Widget, error) { return s.get(ctx, id) }
