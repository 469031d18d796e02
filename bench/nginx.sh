#!/usr/bin/env bash
# The README's nginx example, run for real: starts Radio on a free loopback port (KnownNetworks=127.0.0.1, 3 login
# attempts a minute per client), Debian's nginx in front of it with deploy/nginx.conf (TLS with a self-signed
# certificate, on another free loopback port), everything in a temporary directory; then shows that clients at
# 127.0.0.2 and 127.0.0.3 each get their own budget through nginx, and that the stream flows through it.
# Usage: bash bench/nginx.sh [--serve]   (--serve: keep both running until Ctrl-C)
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v nginx >/dev/null && [ ! -x /usr/sbin/nginx ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
fi
nginx_bin=$(command -v nginx || echo /usr/sbin/nginx)

work=$(mktemp -d)
chmod 755 "$work" # nginx's workers create their temp files below it
radio_pid="" nginx_pid=""
cleanup() {
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null && wait "$nginx_pid" 2>/dev/null
  [ -n "$radio_pid" ] && kill "$radio_pid" 2>/dev/null && wait "$radio_pid" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
radio_port=$(free_port)
nginx_port=$(free_port)

dotnet build -c Release src/Radio.Web -v quiet -nologo >/dev/null
ASPNETCORE_URLS="http://127.0.0.1:$radio_port" \
  Radio__DataDirectory="$work/data" \
  Radio__ForwardedHeaders__KnownNetworks=127.0.0.1 \
  Radio__RateLimiting__AuthPerMinute=3 \
  dotnet run -c Release --no-build --no-launch-profile --project src/Radio.Web >"$work/radio.log" 2>&1 &
radio_pid=$!

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=radio.example.com" \
  -keyout "$work/radio.key" -out "$work/radio.crt" 2>/dev/null
LISTEN="127.0.0.1:$nginx_port" RADIO="127.0.0.1:$radio_port" CERTIFICATE="$work/radio.crt" CERTIFICATE_KEY="$work/radio.key" \
  envsubst '$LISTEN $RADIO $CERTIFICATE $CERTIFICATE_KEY' <deploy/nginx.conf >"$work/radio.conf"
cat >"$work/nginx.conf" <<CONF
daemon off;
worker_processes 1;
pid $work/nginx.pid;
error_log stderr warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $work/client_body;
    proxy_temp_path $work/proxy;
    fastcgi_temp_path $work/fastcgi;
    uwsgi_temp_path $work/uwsgi;
    scgi_temp_path $work/scgi;
    include $work/radio.conf;
}
CONF
"$nginx_bin" -e stderr -p "$work" -c "$work/nginx.conf" &
nginx_pid=$!

for _ in $(seq 1 300); do
  curl -sf "http://127.0.0.1:$radio_port/health/live" >/dev/null 2>&1 && break
  sleep 0.2
done
url="https://127.0.0.1:$nginx_port"
echo "Radio at http://127.0.0.1:$radio_port, nginx at $url (self-signed)"

login() { # a login attempt from $1 through nginx: its status
  curl -sk --interface "$1" -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"username":"nobody","password":"password123"}' "$url/auth/login"
}
echo "4 login attempts from 127.0.0.2 through nginx: $(for _ in 1 2 3 4; do printf '%s ' "$(login 127.0.0.2)"; done)"
echo "1 login attempt from 127.0.0.3 through nginx:  $(login 127.0.0.3)"
echo "the listener cookie through nginx: $(curl -sk --interface 127.0.0.4 -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"connect_time":"2026-01-01T00:00:00Z","played_seconds":0}' "$url/api/heartbeat" | grep -i '^set-cookie' | tr -d '\r')"
echo "the stream through nginx: $(curl -sk --max-time 3 -o /dev/null -w '%{http_code} %{content_type}' "$url/radio/stream" || true) (503 while the library is empty)"

if [ "${1:-}" = "--serve" ]; then
  echo "serving until Ctrl-C"
  wait "$nginx_pid"
fi
