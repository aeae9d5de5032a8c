#!/usr/bin/env bash
# Load test on loopback: DURATION (600 s) of mixed polling (wrk, CONNECTIONS connections, load-mix.lua: every read
# endpoint) and submission (a small real CIFAR-10 grid every 20 s and a synthetic one every 5 s, by curl) against
# one service that trains real trials the whole time. Prints wrk's requests/s and latency percentiles, responses
# by class for both, and the service's resident memory at the start and the end.
# Needs: target/hypergrid.jar, the real CIFAR-10 (DATA), wrk, curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=target/hypergrid.jar
PORT=${PORT:-8096}
DURATION=${DURATION:-600}
CONNECTIONS=${CONNECTIONS:-8}
DATA=${DATA:-../shared/cifar-10-batches-bin}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
base="http://127.0.0.1:$PORT"

java -jar "$JAR" --server.port="$PORT" --spring.datasource.url="jdbc:h2:file:$WORK/db" --hypergrid.data.dir="$DATA" \
  --hypergrid.data.fetch-on-start=false --logging.level.root=warn > "$WORK/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 240); do curl -sf "$base/api/datasets" | grep -q '"ready":true' && break; sleep 0.5; done
rss() { awk '/VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$pid/status"; }

cifar='{"name": "load: cifar10", "dataset": "cifar10", "grid": {"lambda": [0, 0.01, 0.1, 1], "eta": [0.01, 0.001]},
        "fixed": {"epochs": 5, "batchSize": 100}}'
synthetic='{"name": "load: synthetic", "dataset": "synthetic", "grid": {"lambda": [0, 0.1], "eta": [0.01, 0.001]},
            "fixed": {"epochs": 3}}'
submit() { curl -s -o /dev/null -w '%{http_code}\n' -X POST "$base/api/searches" -H 'Content-Type: application/json' -d "$1"; }
submit "$cifar" > "$WORK/codes"; submit "$synthetic" >> "$WORK/codes"; submit "$cifar" >> "$WORK/codes"
sleep 5
echo "start: resident $(rss); $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"

end=$((SECONDS + DURATION))
( n=0; while [ $SECONDS -lt $end ]; do
    if [ $((n % 4)) -eq 0 ]; then submit "$cifar"; else submit "$synthetic"; fi
    n=$((n + 1)); sleep 5
  done >> "$WORK/codes" ) &
SEARCHES=3 TRIALS=20 wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s src/bench/load-mix.lua "$base/" \
  | grep -E 'requests in|Requests/sec|^ +(50|75|90|99)%|responses:|Socket errors'
wait %2 2>/dev/null || true
echo "submissions: $(sort "$WORK/codes" | uniq -c | awk '{printf "%s x HTTP %s  ", $1, $2}')"
status=$(curl -s "$base/actuator/prometheus" | grep -E '^hypergrid_trials\{' | sed 's/hypergrid_trials{state="\([A-Z]*\)"} /\1=/' | tr '\n' ' ')
echo "trials: $status"
echo "end: resident $(rss)"
grep -c ' ERROR ' "$WORK/service.log" | xargs echo "ERROR lines in the service log:"
