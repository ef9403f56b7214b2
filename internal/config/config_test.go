package config

import (
	"flag"
	"log/slog"
	"strings"
	"testing"
	"time"
)

func load(t *testing.T, env map[string]string, args ...string) (Config, error) {
	t.Helper()
	return Load(flag.NewFlagSet("serve", flag.ContinueOnError), args, func(k string) string { return env[k] },
		"addr", "data-dir", "database-url", "no-http")
}

func TestDefaultsAreTheProductsPromise(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil)
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != ":8080" || c.DataDir != "./ticketwire-data" || c.DatabaseURL != "" || c.RequestTimeout != 5*time.Second ||
		len(c.RetrySchedule) != 3 || c.RetrySchedule[2] != 40*time.Second || c.DisableAfter != 500 ||
		c.AllowPrivateNetworks || c.LogRetention != 720*time.Hour || c.ShutdownGrace != 15*time.Second {
		t.Fatalf("defaults = %+v", c)
	}
}

func TestFlagsWinOverEnvironment(t *testing.T) {
	t.Parallel()
	env := map[string]string{"TICKETWIRE_ADDR": ":9000", "TICKETWIRE_DATA_DIR": "/env", "TICKETWIRE_RETRY_SCHEDULE": "1s, 2s"}
	c, err := load(t, env, "--addr", "127.0.0.1:7000", "--no-http")
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.DataDir != "/env" || !c.NoHTTP || len(c.RetrySchedule) != 2 || c.RetrySchedule[1] != 2*time.Second {
		t.Fatalf("config = %+v", c)
	}
}

func TestInvalidSettingsNameTheSetting(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"timeout", map[string]string{"TICKETWIRE_REQUEST_TIMEOUT": "0s"}, nil, "TICKETWIRE_REQUEST_TIMEOUT"},
		{"schedule", map[string]string{"TICKETWIRE_RETRY_SCHEDULE": "10s,x"}, nil, "TICKETWIRE_RETRY_SCHEDULE"},
		{"disable after", map[string]string{"TICKETWIRE_DISABLE_AFTER": "-3"}, nil, "TICKETWIRE_DISABLE_AFTER"},
		{"private", map[string]string{"TICKETWIRE_ALLOW_PRIVATE_NETWORKS": "maybe"}, nil, "TICKETWIRE_ALLOW_PRIVATE_NETWORKS"},
		{"networks", map[string]string{"TICKETWIRE_ALLOWED_NETWORKS": "10.0.0.0/33"}, nil, "TICKETWIRE_ALLOWED_NETWORKS"},
		{"retention", map[string]string{"TICKETWIRE_LOG_RETENTION": "forever"}, nil, "TICKETWIRE_LOG_RETENTION"},
		{"workers", map[string]string{"TICKETWIRE_DELIVERY_WORKERS": "0"}, nil, "TICKETWIRE_DELIVERY_WORKERS"},
		{"grace", map[string]string{"TICKETWIRE_SHUTDOWN_GRACE": "soon"}, nil, "TICKETWIRE_SHUTDOWN_GRACE"},
		{"grace within the request timeout", map[string]string{"TICKETWIRE_SHUTDOWN_GRACE": "5s"}, nil, "longer than TICKETWIRE_REQUEST_TIMEOUT (5s)"},
		{"request timeout past the grace", map[string]string{"TICKETWIRE_REQUEST_TIMEOUT": "30s"}, nil, "TICKETWIRE_SHUTDOWN_GRACE=15s"},
		{"log level", map[string]string{"TICKETWIRE_LOG_LEVEL": "verbose"}, nil, "TICKETWIRE_LOG_LEVEL=\"verbose\": must be debug, info, warn or error"},
		{"log format", map[string]string{"TICKETWIRE_LOG_FORMAT": "xml"}, nil, "TICKETWIRE_LOG_FORMAT=\"xml\": must be text or json"},
		{"metrics token", map[string]string{"TICKETWIRE_METRICS_TOKEN": "short"}, nil, "TICKETWIRE_METRICS_TOKEN"},
		{"admin email", map[string]string{"TICKETWIRE_ADMIN_EMAIL": "admin"}, nil, "TICKETWIRE_ADMIN_EMAIL"},
		{"admin password", map[string]string{"TICKETWIRE_ADMIN_PASSWORD": "short"}, nil, "TICKETWIRE_ADMIN_PASSWORD"},
		{"database url flag", nil, []string{"--database-url", "sqlite://x"}, "--database-url"},
		{"addr env", map[string]string{"TICKETWIRE_ADDR": "8080"}, nil, "TICKETWIRE_ADDR"},
		{"stray argument", nil, []string{"extra"}, "unexpected argument"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := load(t, tt.env, tt.args...)
			if err == nil || !strings.Contains(err.Error(), tt.want) || strings.Contains(err.Error(), "\n") {
				t.Fatalf("err = %v, want one line naming %s", err, tt.want)
			}
		})
	}
}

func TestEmptyRetryScheduleMeansNoRetries(t *testing.T) {
	t.Parallel()
	c, err := load(t, map[string]string{"TICKETWIRE_RETRY_SCHEDULE": " "})
	if err != nil || len(c.RetrySchedule) != 0 {
		t.Fatalf("schedule = %v, %v", c.RetrySchedule, err)
	}
}

func TestPublicURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		value   string
		want    string
		wantErr string // part of the error, "" when valid
	}{
		{name: "unset", value: "", want: ""},
		{name: "host", value: "https://support.example.com", want: "https://support.example.com"},
		{name: "trailing slash dropped", value: "https://support.example.com/", want: "https://support.example.com"},
		{name: "port and path", value: " http://help.example.com:8443/desk/ ", want: "http://help.example.com:8443/desk"},
		{name: "no scheme", value: "support.example.com", wantErr: "absolute http:// or https:// URL"},
		{name: "other scheme", value: "ftp://support.example.com", wantErr: "absolute http:// or https:// URL"},
		{name: "no host", value: "https:///desk", wantErr: "absolute http:// or https:// URL"},
		{name: "credentials", value: "https://admin:pw@support.example.com", wantErr: "user name or password"},
		{name: "query", value: "https://support.example.com/?x=1", wantErr: "query or a fragment"},
		{name: "fragment", value: "https://support.example.com/#top", wantErr: "query or a fragment"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			c, err := load(t, map[string]string{"TICKETWIRE_PUBLIC_URL": tt.value})
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("TICKETWIRE_PUBLIC_URL=%q: %v", tt.value, err)
			case tt.wantErr == "" && c.PublicURL != tt.want:
				t.Fatalf("PublicURL = %q, want %q", c.PublicURL, tt.want)
			case tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), "TICKETWIRE_PUBLIC_URL") || !strings.Contains(err.Error(), tt.wantErr)):
				t.Fatalf("TICKETWIRE_PUBLIC_URL=%q: err = %v, want one naming the setting and saying %q", tt.value, err, tt.wantErr)
			}
		})
	}
}

func TestLogSettings(t *testing.T) {
	t.Parallel()
	c, err := load(t, nil)
	if err != nil || c.LogLevel != slog.LevelInfo || c.LogFormat != "text" {
		t.Fatalf("default log settings = %v %q, %v; want info and text", c.LogLevel, c.LogFormat, err)
	}
	c, err = load(t, map[string]string{"TICKETWIRE_LOG_LEVEL": "debug", "TICKETWIRE_LOG_FORMAT": "json"})
	if err != nil || c.LogLevel != slog.LevelDebug || c.LogFormat != "json" {
		t.Fatalf("log settings = %v %q, %v; want debug and json", c.LogLevel, c.LogFormat, err)
	}
}
