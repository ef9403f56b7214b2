package delivery

import (
	"time"

	"github.com/ticketwire/ticketwire/internal/store"
)

// HealthOf sums up one integration's hourly rows as Health does.
func HealthOf(rows []store.DeliveryHour, now time.Time, enabled bool) Health {
	return healthOf(hourSlots(rows, healthSince(now), now), now, enabled)
}
