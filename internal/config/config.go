// Package config reads ticketwire's boot configuration from command-line flags
// and their TICKETWIRE_* environment twins, and validates it before anything
// starts, so that a bad setting stops the process with one line that names it.
package config

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/ticketwire/ticketwire/internal/clientaddr"
	"github.com/ticketwire/ticketwire/internal/logging"
	"github.com/ticketwire/ticketwire/internal/netguard"
)

// Config is everything the binary needs to start. Zero values are never used:
// Load fills every field from its default when neither flag nor variable is set.
type Config struct {
	Addr        string // HTTP listen address
	DataDir     string // where the SQLite file and the secret key live
	DatabaseURL string // postgres://… switches from SQLite to PostgreSQL
	NoHTTP      bool   // run only the job workers

	RequestTimeout       time.Duration   // one outbound request, all of it
	TemplateTimeout      time.Duration   // the time budget of rendering one template
	RetrySchedule        []time.Duration // waits before each retry after a connection error or timeout
	DisableAfter         int             // consecutive failures that disable an integration
	SigningOverlap       time.Duration   // how long a replaced signing secret still signs
	AllowPrivateNetworks bool            // let integrations reach loopback and private addresses
	AllowedNetworks      []netip.Prefix  // reachable even when private networks are refused
	SecretKey            string          // base64 key for secrets at rest; empty means the key file
	LogRetention         time.Duration   // how long events-log rows are kept
	DeliveryWorkers      int             // deliveries run at once by one process
	RescueAfter          time.Duration   // when a delivery left running by a crashed process is taken over
	ShutdownGrace        time.Duration   // how long a stopping process lets running requests and deliveries finish

	PublicURL string // where people reach this helpdesk (https://support.example.com); templates read account.domain from it

	AdminEmail    string // first admin's email on an empty database
	AdminPassword string // first admin's password; generated when empty

	SigninAccountLimit int            // failed password attempts per account within SigninWindow
	SigninAddressLimit int            // failed password attempts per client address within SigninWindow
	SigninWindow       time.Duration  // the window those limits count in
	TrustedProxies     []netip.Prefix // peers whose X-Forwarded-For names the client

	LogLevel  slog.Level // the least level logged
	LogFormat string     // logging.FormatText or logging.FormatJSON

	MetricsToken string // a bearer token that may read /metrics besides admins' API tokens; empty for none
}

// Getenv looks up an environment variable; os.Getenv in production, a map in tests.
type Getenv func(string) string

// setting ties one flag (if the command has it) to its environment variable,
// its default and the parser that validates it.
type setting struct {
	flag  string
	env   string
	def   string
	usage string
	set   func(c *Config, v string) error
}

// settings is the single list of every configuration value, so that flags,
// environment variables, defaults and validation cannot drift apart.
var settings = []setting{
	{"addr", "TICKETWIRE_ADDR", ":8080", "HTTP listen address", func(c *Config, v string) error {
		if _, _, err := splitHostPort(v); err != nil {
			return err
		}
		c.Addr = v
		return nil
	}},
	{"data-dir", "TICKETWIRE_DATA_DIR", "./ticketwire-data", "directory for the SQLite database and the secret key", func(c *Config, v string) error {
		if strings.TrimSpace(v) == "" {
			return errors.New("must not be empty")
		}
		c.DataDir = v
		return nil
	}},
	{"database-url", "TICKETWIRE_DATABASE_URL", "", "PostgreSQL URL (postgres://…); empty uses SQLite in the data dir", func(c *Config, v string) error {
		if v == "" {
			return nil
		}
		u, err := url.Parse(v)
		if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
			return errors.New("must be a postgres:// or postgresql:// URL")
		}
		c.DatabaseURL = v
		return nil
	}},
	{"", "TICKETWIRE_REQUEST_TIMEOUT", "5s", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.RequestTimeout = d
		return err
	}},
	{"", "TICKETWIRE_TEMPLATE_TIMEOUT", "100ms", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.TemplateTimeout = d
		return err
	}},
	{"", "TICKETWIRE_RETRY_SCHEDULE", "10s,20s,40s", "", func(c *Config, v string) error {
		s, err := parseSchedule(v)
		c.RetrySchedule = s
		return err
	}},
	{"", "TICKETWIRE_SIGNING_OVERLAP", "24h", "", func(c *Config, v string) error {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return fmt.Errorf("must be a duration such as 24h or 0s, not %q", v)
		}
		c.SigningOverlap = d
		return nil
	}},
	{"", "TICKETWIRE_DISABLE_AFTER", "500", "", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			return errors.New("must be a whole number of at least 1")
		}
		c.DisableAfter = n
		return nil
	}},
	{"", "TICKETWIRE_ALLOW_PRIVATE_NETWORKS", "false", "", func(c *Config, v string) error {
		b, err := strconv.ParseBool(v)
		if err != nil {
			return errors.New("must be true or false")
		}
		c.AllowPrivateNetworks = b
		return nil
	}},
	{"", "TICKETWIRE_ALLOWED_NETWORKS", "", "", func(c *Config, v string) error {
		p, err := netguard.ParseNetworks(v)
		c.AllowedNetworks = p
		return err
	}},
	{"", "TICKETWIRE_SECRET_KEY", "", "", func(c *Config, v string) error {
		c.SecretKey = v
		return nil
	}},
	{"", "TICKETWIRE_LOG_RETENTION", "720h", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.LogRetention = d
		return err
	}},
	{"", "TICKETWIRE_DELIVERY_WORKERS", "200", "", func(c *Config, v string) error {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 10000 {
			return errors.New("must be a whole number from 1 to 10000")
		}
		c.DeliveryWorkers = n
		return nil
	}},
	{"", "TICKETWIRE_RESCUE_AFTER", "1m", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.RescueAfter = d
		return err
	}},
	{"", "TICKETWIRE_SHUTDOWN_GRACE", "15s", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.ShutdownGrace = d
		return err
	}},
	{"", "TICKETWIRE_PUBLIC_URL", "", "", func(c *Config, v string) error {
		u, err := parsePublicURL(v)
		c.PublicURL = u
		return err
	}},
	{"", "TICKETWIRE_ADMIN_EMAIL", "", "", func(c *Config, v string) error {
		if v != "" && !strings.Contains(v, "@") {
			return errors.New("must be an email address")
		}
		c.AdminEmail = strings.ToLower(strings.TrimSpace(v))
		return nil
	}},
	{"", "TICKETWIRE_ADMIN_PASSWORD", "", "", func(c *Config, v string) error {
		if v != "" && len(v) < 8 {
			return errors.New("must be at least 8 characters")
		}
		c.AdminPassword = v
		return nil
	}},
	{"", "TICKETWIRE_SIGNIN_ACCOUNT_LIMIT", "10", "", func(c *Config, v string) error {
		n, err := limit(v)
		c.SigninAccountLimit = n
		return err
	}},
	{"", "TICKETWIRE_SIGNIN_ADDRESS_LIMIT", "50", "", func(c *Config, v string) error {
		n, err := limit(v)
		c.SigninAddressLimit = n
		return err
	}},
	{"", "TICKETWIRE_SIGNIN_WINDOW", "15m", "", func(c *Config, v string) error {
		d, err := positiveDuration(v)
		c.SigninWindow = d
		return err
	}},
	{"", "TICKETWIRE_TRUSTED_PROXIES", "", "", func(c *Config, v string) error {
		p, err := clientaddr.ParseProxies(v)
		c.TrustedProxies = p
		return err
	}},
	{"", "TICKETWIRE_LOG_LEVEL", "info", "", func(c *Config, v string) error {
		l, err := logging.ParseLevel(v)
		c.LogLevel = l
		return err
	}},
	{"", "TICKETWIRE_LOG_FORMAT", "text", "", func(c *Config, v string) error {
		f, err := logging.ParseFormat(v)
		c.LogFormat = f
		return err
	}},
	{"", "TICKETWIRE_METRICS_TOKEN", "", "", func(c *Config, v string) error {
		// Long enough not to be guessed: it is compared as it is, not hashed.
		if v != "" && (len(v) < 16 || len(v) > 200 || strings.ContainsAny(v, " \t\r\n")) {
			return errors.New("must be 16 to 200 characters without spaces, such as the output of openssl rand -hex 32")
		}
		c.MetricsToken = v
		return nil
	}},
}

// limit parses a count of failed attempts.
func limit(v string) (int, error) {
	n, err := strconv.Atoi(v)
	if err != nil || n < 1 || n > 1000000 {
		return 0, errors.New("must be a whole number from 1 to 1000000")
	}
	return n, nil
}

// Load parses the flags of one command (only the flags in flagNames are
// accepted) and the environment. Precedence: flag, then variable, then default.
// Extra flags the command needs may be declared on fs before calling Load.
func Load(fs *flag.FlagSet, args []string, getenv Getenv, flagNames ...string) (Config, error) {
	fs.SetOutput(io.Discard)
	values := map[string]*string{}
	for _, s := range settings {
		if s.flag != "" && contains(flagNames, s.flag) {
			values[s.flag] = fs.String(s.flag, "", s.usage+" (env "+s.env+")")
		}
	}
	var noHTTP *bool
	if contains(flagNames, "no-http") {
		noHTTP = fs.Bool("no-http", false, "run only the job workers, no HTTP server")
	}
	if err := fs.Parse(args); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	if fs.NArg() > 0 {
		return Config{}, fmt.Errorf("config: unexpected argument %q", fs.Arg(0))
	}
	var c Config
	for _, s := range settings {
		v, name := s.def, s.env
		if e := getenv(s.env); e != "" {
			v = e
		}
		if p, ok := values[s.flag]; ok && *p != "" {
			v, name = *p, "--"+s.flag
		}
		if err := s.set(&c, v); err != nil {
			return Config{}, fmt.Errorf("config: invalid %s=%q: %w", name, v, err)
		}
	}
	if noHTTP != nil {
		c.NoHTTP = *noHTTP
	}
	if err := c.check(); err != nil {
		return Config{}, fmt.Errorf("config: %w", err)
	}
	return c, nil
}

// check validates settings that depend on each other.
func (c Config) check() error {
	// A delivery in flight at SIGTERM must be able to finish: with a grace
	// no longer than the request timeout, a slow answer would be cut off and
	// its delivery sent again after the restart.
	if c.ShutdownGrace <= c.RequestTimeout {
		return fmt.Errorf("invalid TICKETWIRE_SHUTDOWN_GRACE=%s: must be longer than TICKETWIRE_REQUEST_TIMEOUT (%s), so that a request in flight can finish",
			c.ShutdownGrace, c.RequestTimeout)
	}
	return nil
}

// Defaults returns the configuration with every default applied, for tests
// and tools that build a Config in code.
func Defaults() Config {
	c, err := Load(flag.NewFlagSet("defaults", flag.ContinueOnError), nil, func(string) string { return "" })
	if err != nil {
		panic(err) // the defaults above are constants; failing here is a programming error
	}
	return c
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
