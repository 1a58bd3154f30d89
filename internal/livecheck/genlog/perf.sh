#!/usr/bin/env bash
# Measures obsgen live-check against `jq -c . >/dev/null` on the same
# generated log, in one run: throughput in MB/s (10^6 bytes per second of
# wall time) and peak RSS from GNU time. Usage, from the repository root:
#
#   internal/livecheck/genlog/perf.sh [SIZE]     # SIZE defaults to 1GiB
#
# The log goes to $TMPDIR (default /tmp) and is deleted afterwards.
set -euo pipefail
size=${1:-1GiB}
tmp=${TMPDIR:-/tmp}
log=$(mktemp "$tmp/livecheck-perf-XXXXXX.jsonl")
bin=$(mktemp -d "$tmp/livecheck-bin-XXXXXX")
trap 'rm -rf "$log" "$bin"' EXIT

go build -o "$bin/obsgen" ./cmd/obsgen
go run ./internal/livecheck/genlog -size "$size" -o "$log"
bytes=$(stat -c %s "$log")
lines=$(wc -l <"$log")
echo "log: $bytes bytes, $lines records ($(go env GOVERSION), $(jq --version), $(nproc) cores)"
"$bin/obsgen" live-check "$log" | tail -1 # the log must pass: every record is fully checked

measure() { # name command...
	local name=$1; shift
	cat "$log" >/dev/null # same page-cache state for each tool
	/usr/bin/time -f "%e %M" -o "$bin/time" "$@" >/dev/null || true
	read -r secs kib <"$bin/time"
	awk -v n="$name" -v b="$bytes" -v s="$secs" -v k="$kib" \
		'BEGIN { printf "%-22s %8.2f s %9.1f MB/s %9.1f MiB peak RSS\n", n, s, b/s/1e6, k/1024 }'
}
for i in 1 2; do
	measure "obsgen live-check" "$bin/obsgen" live-check "$log"
	measure "jq -c ." jq -c . "$log"
done
