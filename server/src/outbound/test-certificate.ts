/**
 * A self-signed certificate for `hooks.test` (EC P-256, valid until 2126), for HTTPS tests of the outbound client
 * (tests only; made with `openssl req -x509 -newkey ec -subj /CN=hooks.test -addext subjectAltName=DNS:hooks.test`).
 */
export const TEST_TLS_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgVpIQxWEOdBeadRyB
ZDcZ8CSmE6wb1EORJG/WpVh/GMWhRANCAAQJm1B32XKAvQbq/P3xZ1Oxub7kaxSR
5pKU/ZS8H628IlKfpdqq4rQFrCS+bMRuFf4otNEeEuw26x5zgcDwNeIB
-----END PRIVATE KEY-----
`;

/** The certificate matching `TEST_TLS_KEY`; it is its own CA. */
export const TEST_TLS_CERT = `-----BEGIN CERTIFICATE-----
MIIBmDCCAT6gAwIBAgIURBbfY3GIK4HgJmSRtboXLELVIV4wCgYIKoZIzj0EAwIw
FTETMBEGA1UEAwwKaG9va3MudGVzdDAgFw0yNjEyMDYwNTE2MjFaGA8yMTI2MTEx
MjA1MTYyMVowFTETMBEGA1UEAwwKaG9va3MudGVzdDBZMBMGByqGSM49AgEGCCqG
SM49AwEHA0IABAmbUHfZcoC9Bur8/fFnU7G5vuRrFJHmkpT9lLwfrbwiUp+l2qri
tAWsJL5sxG4V/ii00R4S7DbrHnOBwPA14gGjajBoMB0GA1UdDgQWBBTS3SVFYhPS
v8OxLz6MgCYy+kr0njAfBgNVHSMEGDAWgBTS3SVFYhPSv8OxLz6MgCYy+kr0njAP
BgNVHRMBAf8EBTADAQH/MBUGA1UdEQQOMAyCCmhvb2tzLnRlc3QwCgYIKoZIzj0E
AwIDSAAwRQIhAPUDBrXm9Gd7utAh9Fuej5/NRlbnJcdJ7wX2iuuAXvL/AiAFjkdI
CN7LHjjsk+ahyATUnDeyGbcVm7Qm2uMXLiU1TQ==
-----END CERTIFICATE-----
`;
