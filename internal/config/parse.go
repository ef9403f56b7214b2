package config

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
	"time"
)

func positiveDuration(v string) (time.Duration, error) {
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		return 0, errors.New("must be a positive duration such as 5s, 500ms or 720h")
	}
	return d, nil
}

// parseSchedule reads a comma-separated list of waits; an empty list means
// "never retry", which is a legitimate choice for an admin who wants it.
func parseSchedule(v string) ([]time.Duration, error) {
	if strings.TrimSpace(v) == "" {
		return nil, nil
	}
	var out []time.Duration
	for _, part := range strings.Split(v, ",") {
		d, err := time.ParseDuration(strings.TrimSpace(part))
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("entry %q must be a positive duration; want a list such as 10s,20s,40s", part)
		}
		out = append(out, d)
	}
	if len(out) > 25 {
		return nil, errors.New("at most 25 retries are allowed")
	}
	return out, nil
}

func splitHostPort(v string) (string, int, error) {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return "", 0, errors.New("must be host:port or :port, such as :8080")
	}
	n, err := strconv.Atoi(port)
	if err != nil || n < 0 || n > 65535 {
		return "", 0, errors.New("port must be a number from 0 to 65535")
	}
	return host, n, nil
}

// parsePublicURL reads the address people use to reach the helpdesk: an
// absolute http(s) URL with a host, perhaps a port and a path, without
// credentials, query or fragment (templates build links from it). Empty is
// allowed: account.domain then renders empty. The trailing slash is dropped.
func parsePublicURL(v string) (string, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return "", nil
	}
	u, err := url.Parse(v)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Hostname() == "":
		return "", errors.New("must be an absolute http:// or https:// URL such as https://support.example.com")
	case u.User != nil:
		return "", errors.New("must not hold a user name or password")
	case u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return "", errors.New("must not have a query or a fragment; give the address people open, such as https://support.example.com")
	}
	return strings.TrimRight(u.String(), "/"), nil
}
