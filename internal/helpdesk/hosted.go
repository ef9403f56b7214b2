package helpdesk

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"time"
	_ "time/tzdata" // timezones are checked the same on every machine

	"github.com/ticketwire/ticketwire/internal/event"
	"github.com/ticketwire/ticketwire/internal/validate"
)

// The checks of the fields ticketwire takes from the hosted helpdesk we
// follow, with its formats: ISO 639-1 languages, IANA timezones, its
// priorities, channel types and via values.

// Priorities are a ticket's priorities, lowest first; new tickets are normal.
var Priorities = []string{"low", "normal", "high", "urgent"}

// Vias are how a ticket or message came in or went out: the hosted
// helpdesk's values. ticketwire itself sets "api" for what the REST API
// creates and "helpdesk" for what agents write in the web UI.
var Vias = []string{"aircall", "api", "chat", "contact_form", "email", "facebook", "facebook-mention",
	"facebook-messenger", "facebook-recommendations", "form", "gorgias_chat", "help-center", "helpdesk",
	"instagram", "instagram-ad-comment", "instagram-comment", "instagram-direct-message", "instagram-mention",
	"internal-note", "offline_capture", "phone", "rule", "self_service", "shopify", "sms", "twilio", "twitter",
	"twitter-direct-message", "whatsapp", "yotpo", "yotpo-review", "zendesk"}

// ChannelTypes are the kinds of a customer's channels.
var ChannelTypes = []string{"email", "phone", "sms", "chat", "twitter", "facebook", "instagram",
	"instagram-direct-message", "whatsapp"}

// Bounds on what one customer or ticket may hold.
const (
	maxNote     = 10000    // characters of a customer's note
	maxChannels = 20       // channels of a customer
	maxMeta     = 64 << 10 // bytes of a ticket's meta object
)

// language is an ISO 639-1 code, optionally with a region or script
// ("en", "fr-CA", "zh-Hant").
var language = regexp.MustCompile(`^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// optText applies a nullable text field of at most n characters.
func optText(field string, in Opt[string], cur *string, n int) (*string, error) {
	if !in.Set {
		return cur, nil
	}
	if in.Value == nil {
		return nil, nil
	}
	v := strings.TrimSpace(*in.Value)
	if err := validate.MaxLen(field, v, n); err != nil {
		return nil, err
	}
	if v == "" {
		return nil, nil
	}
	return &v, nil
}

func optLanguage(field string, in Opt[string], cur *string) (*string, error) {
	v, err := optText(field, in, cur, 35)
	if err != nil || v == nil || v == cur {
		return v, err
	}
	if !language.MatchString(*v) {
		return nil, validate.Errorf(field, "must be an ISO 639-1 language code such as \"en\" or \"fr-CA\", not %q", *v)
	}
	return v, nil
}

func optTimezone(field string, in Opt[string], cur *string) (*string, error) {
	v, err := optText(field, in, cur, 64)
	if err != nil || v == nil || v == cur {
		return v, err
	}
	if *v == "Local" {
		return nil, validate.Errorf(field, "must be an IANA timezone name such as \"Europe/Paris\" or \"UTC\", not %q", *v)
	}
	if _, err := time.LoadLocation(*v); err != nil {
		return nil, validate.Errorf(field, "must be an IANA timezone name such as \"Europe/Paris\" or \"UTC\", not %q", *v)
	}
	return v, nil
}

// checkChannels validates a customer's channels and returns them as stored.
func checkChannels(field string, list []event.Channel) (json.RawMessage, error) {
	if len(list) > maxChannels {
		return nil, validate.Errorf(field, "must hold at most %d channels", maxChannels)
	}
	preferred := 0
	out := make([]event.Channel, 0, len(list))
	for i, c := range list {
		f := fmt.Sprintf("%s[%d]", field, i)
		if err := validate.OneOf(f+".type", c.Type, ChannelTypes...); err != nil {
			return nil, err
		}
		c.Address = strings.TrimSpace(c.Address)
		if c.Address == "" {
			return nil, validate.Errorf(f+".address", "is required")
		}
		if err := validate.MaxLen(f+".address", c.Address, 255); err != nil {
			return nil, err
		}
		if c.Type == "email" {
			e, err := validate.Email(f+".address", c.Address)
			if err != nil {
				return nil, err
			}
			c.Address = e
		}
		if c.Preferred {
			if preferred++; preferred > 1 {
				return nil, validate.Errorf(f+".preferred", "only one channel may be preferred")
			}
		}
		out = append(out, c)
	}
	raw, err := json.Marshal(out)
	if err != nil {
		return nil, fmt.Errorf("helpdesk: encode channels: %w", err)
	}
	return raw, nil
}

// primaryEmail is the address of the preferred email channel, or else the
// first one's.
func primaryEmail(list []event.Channel) string {
	first := ""
	for _, c := range list {
		if c.Type != "email" {
			continue
		}
		if c.Preferred {
			return c.Address
		}
		if first == "" {
			first = c.Address
		}
	}
	return first
}

// channelsView is a customer's channels as the API shows them: the stored
// ones, after the customer's email as an email channel when they lack it
// (preferred unless another channel is), so channels[0].address is the
// email for every customer created with one.
func channelsView(email string, raw json.RawMessage) []event.Channel {
	var stored []event.Channel
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &stored) // written by checkChannels: always a list
	}
	hasEmail, hasPreferred := false, false
	for _, c := range stored {
		hasEmail = hasEmail || (c.Type == "email" && c.Address == email)
		hasPreferred = hasPreferred || c.Preferred
	}
	if hasEmail || email == "" {
		return append(make([]event.Channel, 0, len(stored)), stored...)
	}
	return append([]event.Channel{{Type: "email", Address: email, Preferred: !hasPreferred}}, stored...)
}

// optOf is a nullable field given as a pointer: absent and null are alike.
func optOf[T any](v *T) Opt[T] { return Opt[T]{Set: v != nil, Value: v} }

// checkMeta checks a ticket's meta: a JSON object (null is {}) of at most
// maxMeta bytes, stored compacted so equal objects compare equal.
func checkMeta(field string, raw json.RawMessage) (json.RawMessage, error) {
	if len(raw) == 0 || string(bytes.TrimSpace(raw)) == "null" {
		return json.RawMessage(`{}`), nil
	}
	if len(raw) > maxMeta {
		return nil, validate.Errorf(field, "must be at most %d bytes of JSON", maxMeta)
	}
	var obj map[string]any
	if json.Unmarshal(raw, &obj) != nil {
		return nil, validate.Errorf(field, "must be a JSON object")
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, validate.Errorf(field, "must be a JSON object")
	}
	return buf.Bytes(), nil
}
