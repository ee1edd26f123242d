# TLS to Slack: https:// for the Web API (libcurl) and wss:// for Socket
# Mode (libwebsockets), both verified against [slack] ca_file.  The CA and
# the server certificate are made here with the openssl command.  With the
# right CA everything works; with another CA yelld refuses the server; and
# a certificate for another host name is refused on the wss:// side too.
. "$(dirname "$0")/lib/common.sh"
. "$(dirname "$0")/lib/slack.sh"

command -v openssl >/dev/null || fail "openssl is needed (scripts/deps.sh)"
ossl() {
	openssl "$@" >>"$T/openssl.log" 2>&1 || fail "openssl $1"
}
# make_ca NAME
make_ca() {
	ossl req -x509 -newkey rsa:2048 -nodes -keyout "$T/$1.key" \
	    -out "$T/$1.pem" -days 2 -subj "/CN=yell test $1"
}
# make_cert NAME CA SAN
make_cert() {
	ossl req -newkey rsa:2048 -nodes -keyout "$T/$1.key" -out "$T/$1.csr" \
	    -subj "/CN=yell fake slack"
	printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
	    "$3" >"$T/$1.ext"
	ossl x509 -req -in "$T/$1.csr" -CA "$T/$2.pem" -CAkey "$T/$2.key" \
	    -CAcreateserial -out "$T/$1.pem" -days 2 -extfile "$T/$1.ext"
}
make_ca ca
make_ca otherca
make_cert server ca 'IP:127.0.0.1,DNS:localhost'
make_cert nameonly ca 'DNS:localhost'

# The right CA: https and wss both verify; the I-message flow works.
start_fake --cert "$T/server.pem" --key "$T/server.key"
fake_users
API_URL=https://127.0.0.1:$FAKE_PORT/api/ write_slack_conf "ca_file = $T/ca.pem"
import_roster
start_yelld
log=$T/fake.log
fake slash U0016 /yell imessage '<@U0017>' 暗号化された経路でも届きます
wait_for '暗号化された経路でも届きます' "$log"
wait_match '^ack [0-9]+ env-1 ' "$log"
stop_yelld
stop_fake 1

# Another CA: auth.test never gets through the handshake.
start_fake --cert "$T/server.pem" --key "$T/server.key"
API_URL=https://127.0.0.1:$FAKE_PORT/api/ write_slack_conf "ca_file = $T/otherca.pem"
"$YELLD" -c "$CONF" >"$T/yelld.out" 2>"$T/yelld2.err" &
YELLD_PID=$!
wait_for 'auth.test: SSL peer certificate or SSH remote key was not OK' "$T/yelld2.err"
sleep 0.3
expect_not 'api auth.test' "$T/fake.log"
stop_yelld
stop_fake 2

# The Web API is reached by name (localhost), which the certificate
# names, but Socket Mode is sent to 127.0.0.1, which it does not: the
# wss:// handshake is refused (lws checks the host name too).
start_fake --cert "$T/nameonly.pem" --key "$T/nameonly.key"
API_URL=https://localhost:$FAKE_PORT/api/ write_slack_conf "ca_file = $T/ca.pem"
"$YELLD" -c "$CONF" >"$T/yelld.out" 2>"$T/yelld3.err" &
YELLD_PID=$!
wait_for 'api apps.connections.open' "$T/fake.log"
wait_for 'connection 1 to 127.0.0.1 closed' "$T/yelld3.err"
sleep 0.3
expect_not 'ws open' "$T/fake.log"
expect_not 'is up' "$T/yelld3.err"
expect 'SSL' "$T/yelld3.err"
stop_yelld
check_secrets
echo ok
