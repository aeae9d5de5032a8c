#!/usr/bin/env bash
# Soak: TRIALS (2,000) short synthetic trials (a 40 x 50 grid of lambda x eta, EPOCHS epochs each) through one
# service; resident memory, Java heap in use and their difference (memory outside the heap: ND4J's arrays, BLAS
# buffers, native code) sampled as trials complete. Flat numbers from the first hundreds of trials to the last mean
# nothing leaks per trial. Needs target/hypergrid.jar and curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=target/hypergrid.jar
PORT=${PORT:-8095}
EPOCHS=${EPOCHS:-3}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
base="http://127.0.0.1:$PORT"

java -jar "$JAR" --server.port="$PORT" --spring.datasource.url="jdbc:h2:file:$WORK/db" \
  --hypergrid.data.fetch-on-start=false --logging.level.root=warn > "$WORK/service.log" 2>&1 &
pid=$!
for _ in $(seq 1 120); do curl -sf "$base/actuator/health" > /dev/null && break; sleep 0.5; done

metric() { curl -s "$base/actuator/prometheus" | awk -v m="$1" '$0 ~ m {s += $NF} END {printf "%.0f", s}'; }
sample() {
  local done rss heap
  done=$(curl -s "$base/api/searches/1" | grep -o '"SUCCEEDED":[0-9]*' | cut -d: -f2)
  rss=$(awk '/VmRSS/ {print $2 * 1024}' "/proc/$pid/status")
  heap=$(metric '^jvm_memory_used_bytes\\{area="heap"')
  printf "| %s | %s | %.0f MiB | %.0f MiB | %.0f MiB |\n" "$(date +%H:%M:%S)" "${done:-0}" \
    "$((rss / 1048576))" "$((heap / 1048576))" "$(((rss - heap) / 1048576))"
}

curl -sf -X POST "$base/api/searches" -H 'Content-Type: application/json' -d "{
  \"name\": \"soak\", \"dataset\": \"synthetic\",
  \"grid\": {\"lambda\": {\"min\": 0, \"max\": 1, \"count\": 40}, \"eta\": {\"min\": 0.0001, \"max\": 0.1, \"count\": 50, \"scale\": \"log\"}},
  \"fixed\": {\"epochs\": $EPOCHS, \"batchSize\": 100}}" > /dev/null
echo "$(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); 2,000 trials of $EPOCHS epochs"
echo "| time | trials done | resident | heap used | resident - heap used |"
echo "|---|---|---|---|---|"
sample
while curl -s "$base/api/searches/1" | grep -q '"state":"\(PENDING\|RUNNING\)"'; do sleep 10; sample; done
sample
