#!/usr/bin/env bash
# Latency of the list of searches, one search's status and the top-k queries, measured with wrk on loopback: one
# connection, 1,000 requests each after 200 of warm-up (the script stops each run at its count; wrk then idles to
# the end of its -d window, which only bounds the run); wrk prints the median and p99.
# The trials are real submissions (SEARCHES grids of LAMBDAS x ETAS points; default one 100 x 100 grid, 10,000
# trials; SEARCHES=20 LAMBDAS=50 gives 20 searches of 5,000); their results are filled in with SQL (random
# accuracies) while the service is stopped, since the point is the query cost, not training them.
# JAR=... times another build (e.g. the one before a change) the same way. RUNNING=1 leaves one trial of each search
# pending, so every search is still running (nothing about it can be kept from one request to the next).
# Needs: target/hypergrid.jar (./mvnw -q package -DskipTests), wrk (apt-get install wrk), curl.
set -euo pipefail
cd "$(dirname "$0")/../.."
JAR=${JAR:-target/hypergrid.jar}
SEARCHES=${SEARCHES:-1}
LAMBDAS=${LAMBDAS:-100}
ETAS=${ETAS:-100}
PORT=${PORT:-8097}
WORK=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null || true; rm -rf "$WORK"' EXIT
DB="jdbc:h2:file:$WORK/db"

start() {
  java -jar "$JAR" --server.port="$PORT" --spring.datasource.url="$DB" --hypergrid.data.fetch-on-start=false \
    --hypergrid.execution.enabled=false --logging.level.root=warn > "$WORK/service.log" 2>&1 &
  for _ in $(seq 1 120); do curl -sf "localhost:$PORT/actuator/health" > /dev/null && return; sleep 0.5; done
  echo "service did not start"; cat "$WORK/service.log"; exit 1
}
stop() { kill %1; wait %1 || true; }

start
for _ in $(seq 1 "$SEARCHES"); do
  id=$(curl -sf -X POST "localhost:$PORT/api/searches" -H 'Content-Type: application/json' -d '{
    "name": "latency", "dataset": "synthetic",
    "grid": {"lambda": {"min": 0, "max": 1, "count": '"$LAMBDAS"'},
             "eta": {"min": 0.0001, "max": 0.1, "count": '"$ETAS"', "scale": "log"}},
    "fixed": {"epochs": 40}}' | sed 's/^{"id":\([0-9]*\).*/\1/')
done
stop

unzip -q -o -j "$JAR" 'BOOT-INF/lib/h2-*.jar' -d "$WORK"
java -cp "$WORK"/h2-*.jar org.h2.tools.Shell -url "$DB" -user sa -sql "
  update trial set state = 'SUCCEEDED', epochs_done = epochs, claims = 1, completions = 1,
    started_at = current_timestamp, finished_at = current_timestamp, training_seconds = 5 + rand(),
    train_accuracy = 0.3 + rand() / 10, train_loss = 2 - rand(), train_cost = 2 - rand(),
    validation_accuracy = round(0.3 + rand() / 10, 3), validation_loss = 2 - rand(), validation_cost = 2,
    test_accuracy = 0.3 + rand() / 10, test_loss = 2 - rand(), test_cost = 2,
    test_class_accuracy = '[0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0]'" > /dev/null
if [ "${RUNNING:-0}" = 1 ]; then
  java -cp "$WORK"/h2-*.jar org.h2.tools.Shell -url "$DB" -user sa -sql "
    update trial set state = 'PENDING', epochs_done = 0, completions = 0, finished_at = null where grid_index = 0" > /dev/null
fi

start
echo "$JAR: $SEARCHES search(es), the last $id: $(curl -sf "localhost:$PORT/api/searches/$id" | grep -o '"trialCount":[0-9]*'), $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2)"
for path in "/api/searches?size=20" "/api/searches/$id" "/api/searches/$id/top?k=5" "/api/searches/$id/top?k=5&by=test" "/api/trials/top?k=5"; do
  REQUESTS=200 wrk -t1 -c1 -d5s -s src/bench/stop-after.lua "http://127.0.0.1:$PORT$path" > /dev/null
  echo "== GET $path"
  REQUESTS=1000 wrk -t1 -c1 -d20s --latency -s src/bench/stop-after.lua "http://127.0.0.1:$PORT$path" \
    | grep -E 'requests in|Requests/sec|^ +50%|^ +99%|Non-2xx'
done
