#!/usr/bin/env bash
# Stream benchmark: 2,000 concurrent listeners on loopback against Radio, then against Icecast 2.4 fed the same MP3
# by ezstream; prints CPU s per listener-minute, RSS per listener and received bitrates for both server processes.
# With --relay, a third run: the same Icecast with Radio as its source (Radio__Relay__Url) instead of ezstream, and
# Radio's own CPU for the relay (Radio then has no listeners of its own).
# Usage: bash bench/stream.sh [--listeners 2000] [--seconds 60] [--skip-icecast] [--relay]
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v icecast2 >/dev/null || ! command -v ezstream >/dev/null; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq icecast2 ezstream >/dev/null
fi
ulimit -n "$(ulimit -Hn)" # each side holds one socket per listener
dotnet build -c Release src/Radio.Web -v quiet -nologo >/dev/null
dotnet run -c Release --project bench/Radio.Bench.Stream -- --repo . "$@"
