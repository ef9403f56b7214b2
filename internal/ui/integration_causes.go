package ui

import (
	"net"
	"net/url"
	"sort"
	"strings"

	"github.com/ticketwire/ticketwire/internal/delivery"
)

// cause is a likely reason for a failed request and how to check it.
type cause struct {
	What    string
	Check   string
	Command string // a command to run on the ticketwire server, if any
	hints   []string
}

// likelyCauses lists what usually makes a request fail the way row failed,
// with the row's own host in the commands, the cause its error text points
// to first. Rows that did not fail that way have none.
func likelyCauses(row logRow) []cause {
	list := causesOf(row)
	text := strings.ToLower(row.Error)
	sort.SliceStable(list, func(i, j int) bool { return list[i].hinted(text) && !list[j].hinted(text) })
	return list
}

// hinted reports whether an error text names this cause.
func (c cause) hinted(text string) bool {
	for _, h := range c.hints {
		if strings.Contains(text, h) {
			return true
		}
	}
	return false
}

func causesOf(row logRow) []cause {
	host, port, target := "HOST", "443", row.Req.URL
	if u, err := url.Parse(row.Req.URL); err == nil && u.Hostname() != "" {
		host, port = u.Hostname(), u.Port()
		if port == "" && u.Scheme == "http" {
			port = "80"
		} else if port == "" {
			port = "443"
		}
	}
	hostPort := net.JoinHostPort(host, port)
	switch row.ErrorClass {
	case delivery.ClassTimeout:
		return []cause{
			{What: "The service answered too slowly.",
				Check:   "Time the same request from the ticketwire server. Requests are cut off after TICKETWIRE_REQUEST_TIMEOUT (5 s by default).",
				Command: "curl -o /dev/null -s -w '%{time_total}s\\n' '" + target + "'"},
			{What: "The service is down or overloaded.",
				Check: "Look at the service's status page, or ask its owner whether it had an incident at this time."},
			{What: "A firewall drops the packets instead of refusing them.",
				Check:   "Try to connect from the ticketwire server; if it hangs, ask whoever runs the firewall to allow outgoing connections to " + hostPort + ".",
				Command: "nc -vz -w 5 " + host + " " + port},
		}
	case delivery.ClassConnection:
		return connectionCauses(row.Req.URL, host, hostPort, target)
	case delivery.ClassBlocked:
		return []cause{
			{What: "The host resolves to a private, loopback, link-local or cloud metadata address, which ticketwire refuses by default to protect your network.",
				Check: "See which address the name resolves to.", Command: "dig +short " + host},
			{What: "The service really is on your own network.",
				Check: "Allow its network with TICKETWIRE_ALLOWED_NETWORKS (CIDRs such as 10.0.5.0/24), or all private networks with TICKETWIRE_ALLOW_PRIVATE_NETWORKS=true, then restart ticketwire."},
		}
	case delivery.ClassTemplate:
		return []cause{{What: "A variable, filter or the JSON around it in the URL, headers or body could not be rendered.",
			Check: "Open the integration's settings and use Preview with this ticket: the error names the field and position."}}
	case delivery.ClassOAuth:
		return []cause{{What: "The OAuth2 token request failed: a wrong token URL, client ID or client secret, or a scope the provider refuses.",
			Check:   "Request a token by hand with the same settings and read the provider's answer.",
			Command: "curl -u 'CLIENT_ID:CLIENT_SECRET' -d grant_type=client_credentials 'TOKEN_URL'"}}
	}
	return nil
}

// connectionCauses are the causes of a connection error that fit the URL: no
// name to resolve for an IP address, no TLS for a plain-http URL.
func connectionCauses(rawURL, host, hostPort, target string) []cause {
	all := []cause{
		{What: "The host name does not resolve.", Check: "Check the URL for a typo, then look the name up from the ticketwire server.",
			Command: "dig +short " + host, hints: []string{"no such host", "lookup", "name resolution"}},
		{What: "Nothing accepts connections on " + hostPort + " (connection refused or reset).",
			Check: "Send the request by hand from the ticketwire server and read where it stops.", Command: "curl -v '" + target + "'",
			hints: []string{"refused", "reset", "eof", "unreachable"}},
		{What: "The TLS handshake failed: an expired, self-signed or mismatched certificate.", Check: "Read the certificate chain and its dates.",
			Command: "openssl s_client -connect " + hostPort + " -servername " + host + " </dev/null", hints: []string{"tls", "x509", "certificate"}},
	}
	u, _ := url.Parse(rawURL)
	isIP := net.ParseIP(host) != nil
	plain := u != nil && u.Scheme == "http"
	out := make([]cause, 0, len(all))
	for i, c := range all {
		if (i == 0 && isIP) || (i == 2 && plain) {
			continue
		}
		out = append(out, c)
	}
	return out
}
