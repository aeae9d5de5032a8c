#!/usr/bin/env python3
"""Ten dashboards on a running 100,000-trial search, followed by event streams against polling (issue #16): the page
load time in a real headless Chromium, and the service's CPU, memory and HTTP traffic with the dashboards open and
without them, both modes in one run.

Python's standard library only: Chromium is driven through chromedriver's W3C HTTP API with urllib (no Selenium,
nothing from a package index).

  1. Prepares the search once: starts the jar with training off, submits a grid of --trials trials (--trials / 100
     lambdas x 100 etas, log-spaced, --epochs 1, the built-in synthetic data set; hypergrid.limits.* raised to allow
     it), stops it and writes the results of the first --warm-trials trials with SQL (a smooth function of lambda and
     eta, with their curves, as LargeSearchBrowserTest does), so that the heatmaps have thousands of finished cells
     without minutes of training per mode. The rest stays pending: every measurement sees a search that is RUNNING,
     trained for real by the service's workers (on 2 cores, a few thousand trials a minute: 100,000 last far longer
     than a mode; the script fails if the search is no longer running at the end of a mode).
  2. For each of --runs runs, the two modes in alternating order (stream first in odd runs, polling first in even
     ones), each on a fresh service started on a copy of that database, on a free loopback port:
       stream:  the defaults; each dashboard follows GET /api/searches/{id}/events and polls no status;
       polling: hypergrid.events.max-streams=0, so every stream is refused with a 503 problem detail and each
                dashboard polls GET /api/searches/{id} and the rest every 2 s.
     Which one each page did is checked, not assumed: the page's #progress data-live ('stream' or 'polling'), and the
     service's own count of /events answers (one 503 per page when polling, none when streaming, the streams then
     among the requests in progress).
     On each service: --settle seconds after the start (JIT, workers under way), a window of --window seconds with no
     dashboard open; then --dashboards pages of the search (#/searches/{id}) opened one after the other, each in a
     headless Chromium of its own (ten people watching the search; --browsers N spreads them over N browsers, as
     windows, background throttling off so that each behaves as a visible dashboard, which the pages confirm). Not
     all in one browser by default: Chromium opens at most 6 HTTP/1.1 connections to a host, and each event stream
     holds one for good, so in stream mode the 6th dashboard of one browser leaves no connection for any of its pages'
     other requests and a 7th never loads (seen here: --browsers 1 fails at dashboard 7, drawn nothing in 180 s). Each
     page's load time is measured in the page, from the start of its navigation (performance.now()): until its canvas
     heatmap holds every cell and its top-k table has rows ("drawn"), and the Navigation Timing load event; then, the
     dashboards open, the same window; then the browser closed, the no-dashboard window again. The baseline is the
     mean of the windows before and after, so that a drift (JIT, the queue) cancels out.
  3. Per window: the service JVM's CPU time (utime + stime of /proc/PID/stat, before and after), split by thread
     from /proc/PID/task (training workers, HTTP, the events thread, GC, JIT compilers, the database, the rest); its
     resident memory (VmRSS) and peak (VmHWM) at the end; the requests it served by endpoint and status
     (http_server_requests_seconds_count of /actuator/prometheus, the script's own scrapes left out); the response
     bytes Tomcat wrote before gzip (tomcat_global_sent_bytes_total, with server.tomcat.mbeanregistry.enabled=true;
     counted when a request completes, so an event stream still open is not in it) and the bytes the pages received
     (Resource Timing transferSize, gzipped); the trials the workers finished; and the CPU of the Chromium processes,
     which share the machine's cores with the service.

Prints a line per mode and run as it goes, then a table of the medians over the runs: page load; the server's CPU in
CPU-seconds per minute without and with the dashboards and the difference; the CPU outside the training workers and
the JIT without and with them, and the difference, in CPU-s/min and % of one core: the dashboards' cost (the workers
take every core they can get, so when pages are served they train less and the total alone understates the cost);
each kind of thread; resident memory; requests per minute by endpoint; bytes per minute; and the polling/stream
ratios. --json FILE also writes every measurement.

    ./mvnw -B -ntp -DskipTests package
    python3 src/bench/dashboards.py [--jar target/hypergrid.jar] [--runs 3] [--window 60] [--dashboards 10]
        [--trials 100000] [--warm-trials 3000] [--epochs 1] [--browsers 10] [--settle 30] [--json FILE]

Needs Java 17+, the jar, and Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; or
--chromium and --chromedriver, HYPERGRID_CHROMIUM and HYPERGRID_CHROMEDRIVER as for the browser tests). A mode
is its service's start, --settle, three windows and the ten pages loaded one after the other, each up to a minute
with 100,000 cells while the others refresh: 18 minutes for one mode with 30 s windows on a 2-core machine shared
with other builds (load average above 20), less on a quiet one; --runs 3 --window 60 takes one to two hours. The ten
browsers and the service share the cores, so the figures are only as good as the machine is quiet.
"""
import argparse
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from grid_benchmark import thread_cpu  # noqa: E402  (same folder: CPU seconds per thread from /proc)

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CLK_TCK = os.sysconf("SC_CLK_TCK")
ETAS = 100
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # on a closed network Chromium's own connections are refused, many at a time, without these
    "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
    # every window is a dashboard someone looks at: no throttled timers in windows that are not in front
    "--disable-background-timer-throttling", "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows", "--window-size=1280,1000"]


def log(*args):
    print(time.strftime("%H:%M:%S"), *args, file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def http(method, url, body=None, timeout=300):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers={"Content-Type": "application/json"} if data is not None else {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
    except urllib.error.HTTPError as e:
        raw = e.read()
        raise RuntimeError(f"{method} {url}: {e.code} {raw[:500]!r}") from None
    ctype = r.headers.get("Content-Type", "")
    return json.loads(raw) if "json" in ctype else raw.decode()


# --- the service ---

class Service:
    """The jar on a free loopback port, on the H2 database in work/db."""

    def __init__(self, a, work, extra):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = os.path.join(work, "service.log")
        limit = max(a.trials, 10000)
        cmd = (["java"] + a.java_opts.split() + ["-jar", a.jar, f"--server.port={self.port}",
               f"--spring.datasource.url=jdbc:h2:file:{work}/db", "--hypergrid.data.fetch-on-start=false",
               f"--hypergrid.data.dir={work}/no-cifar-here", f"--hypergrid.limits.max-trials-per-search={limit}",
               f"--hypergrid.limits.max-pending-trials={2 * limit}", "--server.tomcat.mbeanregistry.enabled=true",
               "--logging.level.root=warn"] + extra)
        self.proc = subprocess.Popen(cmd, cwd=work, stdout=open(self.log_path, "w"), stderr=subprocess.STDOUT)
        self.pid = self.proc.pid
        deadline = time.time() + 300
        while time.time() < deadline:
            if self.proc.poll() is not None:
                break
            try:
                if http("GET", self.base + "/actuator/health", timeout=5).get("status") == "UP":
                    return
            except Exception:
                pass
            time.sleep(0.5)
        self.stop()
        sys.exit("the service did not start; its log:\n" + open(self.log_path).read()[-4000:])

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(60)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()


def prepare(a, work):
    """The search, submitted with training off; its first warm-trials trials finished with SQL. Returns its id."""
    lambdas = a.trials // ETAS
    svc = Service(a, work, ["--hypergrid.execution.enabled=false"])
    try:
        t = time.time()
        created = http("POST", svc.base + "/api/searches", {
            "name": f"{a.trials} trials, dashboards benchmark", "dataset": "synthetic",
            "grid": {"lambda": {"min": 0.00001, "max": 0.1, "count": lambdas, "scale": "log"},
                     "eta": {"min": 0.0001, "max": 1, "count": ETAS, "scale": "log"}},
            "fixed": {"epochs": a.epochs}}, timeout=900)
        sid = created["id"]
        log(f"search {sid} submitted: {created['trialCount']} trials ({lambdas} lambdas x {ETAS} etas) in"
            f" {time.time() - t:.0f} s")
    finally:
        svc.stop()
    with zipfile.ZipFile(a.jar) as z:
        h2 = next(n for n in z.namelist() if re.match(r"BOOT-INF/lib/h2-[0-9.]+\.jar$", n))
        h2_jar = os.path.join(work, "h2.jar")
        with z.open(h2) as src, open(h2_jar, "wb") as dst:
            shutil.copyfileobj(src, dst)
    where = f"search_id = {sid} and grid_index < {a.warm_trials}"
    sql = f"""
        update trial set state = 'SUCCEEDED', epochs_done = epochs, attempt = 1, claims = 1, completions = 1,
          started_at = current_timestamp, finished_at = current_timestamp, training_seconds = 0.05,
          validation_accuracy = 0.1 + 0.3 * exp(-(power(log10(eta) + 2, 2) + power(log10(lambda) + 3, 2)) / 2),
          validation_loss = 2.0, validation_cost = 2.0, train_accuracy = 0.5, train_loss = 1.5, train_cost = 1.5,
          test_loss = 2.0, test_cost = 2.0 where {where};
        update trial set test_accuracy = validation_accuracy - 0.01 where {where};
        insert into epoch_metric (trial_id, epoch, eta, train_loss, train_cost, train_accuracy, validation_loss,
          validation_cost, validation_accuracy, seconds)
        select id, e.x, eta, 2.3 - f * 0.5, 2.3 - f * 0.5, 0.1 + f * 0.3, 2.3 - f * 0.3, 2.3 - f * 0.3,
          0.1 + f * (validation_accuracy - 0.1), 0.01
        from trial, (select x, cast(x as double precision) / {a.epochs} as f from system_range(0, {a.epochs})) e
        where {where};"""
    subprocess.run(["java", "-cp", h2_jar, "org.h2.tools.Shell", "-url", f"jdbc:h2:file:{work}/db", "-user", "sa",
                    "-sql", sql], check=True, stdout=subprocess.DEVNULL)
    log(f"its first {a.warm_trials} trials finished with SQL")
    return sid


# --- what is measured on the service and the browsers ---

def process_cpu(pid):
    stat = open(f"/proc/{pid}/stat").read()
    fields = stat[stat.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / CLK_TCK


def memory_mib(pid):
    out = {}
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(("VmRSS:", "VmHWM:")):
            out[line.split(":")[0]] = int(line.split()[1]) / 1024
    return out


def descendants(pid):
    """The process and every process below it (the browsers under chromedriver)."""
    children = {}
    for p in os.listdir("/proc"):
        if p.isdigit():
            try:
                stat = open(f"/proc/{p}/stat").read()
            except OSError:
                continue
            children.setdefault(int(stat[stat.rindex(")") + 2:].split()[1]), []).append(int(p))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def tree_cpu(pids):
    total = 0.0
    for pid in pids:
        for p in descendants(pid):
            try:
                total += process_cpu(p)
            except OSError:
                pass
    return total


KINDS = ("workers", "HTTP", "events", "GC", "JIT", "database", "other")


def kind(name):
    if name.startswith("worker-"):
        return "workers"
    if name.startswith("http-nio"):
        return "HTTP"
    if name == "search-events":
        return "events"
    if name.startswith(("GC Thread", "G1 ", "VM Thread")):
        return "GC"
    if "Compiler" in name:
        return "JIT"
    if name.startswith(("H2", "MVStore", "HikariPool")):
        return "database"
    return "other"


LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


def prometheus(base):
    """The counters this script reads from /actuator/prometheus."""
    out = {"requests": {}, "sent": 0.0, "finished": 0.0, "active": 0.0}
    for line in http("GET", base + "/actuator/prometheus").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        head, _, value = line.rpartition(" ")
        name, _, labels = head.partition("{")
        tags = dict(LABEL.findall(labels))
        if name == "http_server_requests_seconds_count":
            key = f"{tags.get('method')} {tags.get('uri')} {tags.get('status')}"
            out["requests"][key] = out["requests"].get(key, 0) + float(value)
        elif name == "tomcat_global_sent_bytes_total":
            out["sent"] += float(value)
        elif name == "hypergrid_trials_finished_total" and tags.get("outcome") == "succeeded":
            out["finished"] += float(value)
        elif name in ("http_server_requests_active_seconds_count", "http_server_requests_active_seconds_active_count"):
            out["active"] += float(value)  # requests in progress (their uri is not known yet: UNKNOWN)
    return out


def sample(svc, browser_pids):
    return {"t": time.monotonic(), "cpu": process_cpu(svc.pid), "threads": thread_cpu(svc.pid),
            "prom": prometheus(svc.base), "browsers": tree_cpu(browser_pids)}


def window(svc, browser_pids, seconds):
    """One measurement window: the differences between two samples, per minute."""
    before = sample(svc, browser_pids)
    time.sleep(seconds)
    after = sample(svc, browser_pids)
    minutes = (after["t"] - before["t"]) / 60
    kinds = dict.fromkeys(KINDS, 0.0)
    for tid, (name, seconds_now) in after["threads"].items():
        kinds[kind(name)] += seconds_now - before["threads"].get(tid, (name, 0.0))[1]
    cpu = after["cpu"] - before["cpu"]
    kinds["other"] += cpu - sum(kinds.values())  # threads that ended within the window
    requests = {}
    for key, n in after["prom"]["requests"].items():
        d = n - before["prom"]["requests"].get(key, 0)
        if d and "/actuator/prometheus" not in key:
            requests[key] = d / minutes
    return {"minutes": minutes, "cpu": cpu / minutes, "kinds": {k: v / minutes for k, v in kinds.items()},
            "requests": requests, "sent": (after["prom"]["sent"] - before["prom"]["sent"]) / minutes,
            "trials": (after["prom"]["finished"] - before["prom"]["finished"]) / minutes,
            "active": after["prom"]["active"], "since_start": after["prom"]["requests"], "browsers": (after["browsers"] - before["browsers"]) / minutes,
            **memory_mib(svc.pid)}


# --- Chromium through chromedriver's W3C HTTP API ---

class Browser:
    def __init__(self, a, work, port):
        self.profile = tempfile.mkdtemp(prefix="chromium-", dir=work)
        self.base = f"http://127.0.0.1:{port}"
        caps = {"browserName": "chrome", "pageLoadStrategy": "normal",
                "goog:chromeOptions": {"binary": a.chromium, "args": CHROMIUM_ARGS + [f"--user-data-dir={self.profile}"]}}
        got = http("POST", self.base + "/session", {"capabilities": {"alwaysMatch": caps}}, timeout=120)["value"]
        self.session = f"{self.base}/session/{got['sessionId']}"
        self.call("POST", "/timeouts", {"script": a.load_timeout * 1000, "pageLoad": a.load_timeout * 1000})
        self.windows = []

    def call(self, method, path, body=None):
        return http(method, self.session + path, body if body is not None or method != "POST" else {},
                    timeout=600)["value"]

    def open(self):
        """A window for one more dashboard: the first one the session has, then new ones."""
        handle = (self.call("GET", "/window") if not self.windows
                  else self.call("POST", "/window/new", {"type": "window"})["handle"])
        self.windows.append(handle)
        self.call("POST", "/window", {"handle": handle})
        return handle

    def run(self, handle, script, *args, wait=False):
        self.call("POST", "/window", {"handle": handle})
        return self.call("POST", "/execute/async" if wait else "/execute/sync", {"script": script, "args": list(args)})

    def quit(self):
        try:
            http("DELETE", self.session, timeout=60)
        except Exception as e:
            log("closing a browser session:", e)


DRAWN = """
const [cells, budget, done] = arguments;
const started = performance.now();
const check = () => {
  const chart = document.querySelector('#heatmaps .heatmap-chart');
  const drawn = chart && +chart.dataset.cells === cells && chart.querySelector('canvas')
      && document.querySelectorAll('#top tr.top-row').length > 0;
  const nav = performance.getEntriesByType('navigation')[0];
  if (drawn || performance.now() - started > budget) {
    performance.setResourceTimingBufferSize(1000000);
    done({drawn: drawn ? performance.now() : null, load: nav ? nav.loadEventEnd : null,
          cells: chart ? chart.dataset.cells : null, visibility: document.visibilityState,
          fetched: drawn ? null : performance.getEntriesByType('resource').map(e => new URL(e.name).pathname),
          text: drawn ? null : document.body.innerText.slice(0, 300)});
  } else setTimeout(check, 25);
};
check();"""

# what the page fetched since the last call (Resource Timing: a fetch is listed once it has completed), by path
FETCHED = """
const out = {};
for (const e of performance.getEntriesByType('resource')) {
  const path = new URL(e.name).pathname.replace(/\\/\\d+(?=\\/|$)/g, '/{id}');
  const o = out[path] = out[path] || {n: 0, bytes: 0};
  o.n++; o.bytes += e.transferSize;
}
performance.clearResourceTimings();
const now = performance.now(), since = window.__benchSince;
window.__benchSince = now;
const p = document.getElementById('progress');
return {fetched: out, minutes: since === undefined ? null : (now - since) / 60000, live: p ? p.dataset.live : null,
        visibility: document.visibilityState};"""


def open_dashboards(a, browsers, svc, sid):
    """Opens the dashboards one after the other; returns each page's timings."""
    pages = []
    for i in range(a.dashboards):
        b = browsers[i % len(browsers)]
        handle = b.open()
        b.call("POST", "/url", {"url": f"{svc.base}/#/searches/{sid}"})
        t = b.run(handle, DRAWN, a.trials, a.load_timeout * 1000 - 5000, wait=True)
        if t["drawn"] is None:  # counted in the report; the others are measured all the same
            log(f"dashboard {i + 1}: its heatmap ({t['cells']} of {a.trials} cells) or top-k was not drawn within"
                f" {a.load_timeout} s; the page fetched {t['fetched']} and shows {t['text']!r}")
        else:
            log(f"dashboard {i + 1} drawn in {t['drawn']:.0f} ms (load event {t['load']:.0f} ms)")
        pages.append({"browser": i % len(browsers), "handle": handle, **t})
    return pages


def fetched_by_pages(browsers, pages):
    out = []
    for p in pages:
        out.append(browsers[p["browser"]].run(p["handle"], FETCHED))
    return out


# --- one mode ---

def close(driver, browsers):
    for b in browsers:
        b.quit()
    if driver:
        driver.terminate()
        driver.wait()


def measure(a, mode, template, sid, run):
    work = tempfile.mkdtemp(prefix=f"hypergrid-dash-{mode}-", dir=a.work)
    for f in os.listdir(template):
        if f.startswith("db."):
            shutil.copy(os.path.join(template, f), work)
    svc = Service(a, work, ["--hypergrid.events.max-streams=0"] if mode == "polling" else [])
    driver, browsers = None, []
    try:
        time.sleep(a.settle)
        status = http("GET", f"{svc.base}/api/searches/{sid}")
        if status["state"] != "RUNNING":
            sys.exit(f"the search is {status['state']}, not RUNNING, before the measurement")
        baseline = window(svc, [], a.window)
        dport = free_port()
        driver = subprocess.Popen([a.chromedriver, f"--port={dport}"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                http("GET", f"http://127.0.0.1:{dport}/status", timeout=2)
                break
            except Exception:
                time.sleep(0.1)
        browsers = [Browser(a, work, dport) for _ in range(a.browsers)]
        pages = open_dashboards(a, browsers, svc, sid)
        time.sleep(a.settle_pages)
        fetched_by_pages(browsers, pages)  # starts the pages' count of fetches
        dashboards = window(svc, [driver.pid], a.window)
        fetched = fetched_by_pages(browsers, pages)
        close(driver, browsers)
        driver, browsers = None, []
        time.sleep(a.settle_pages)
        after = window(svc, [], a.window)
        status = http("GET", f"{svc.base}/api/searches/{sid}")
    except BaseException:
        kept = os.path.join(tempfile.gettempdir(), f"hypergrid-dashboards-{mode}-{run}.log")
        shutil.copy(svc.log_path, kept)
        log("the service's log is kept in", kept)
        raise
    finally:
        close(driver, browsers)
        svc.stop()
    if status["state"] != "RUNNING":
        sys.exit(f"the search is {status['state']} at the end of the window: use more --trials or a shorter --window")
    lives = [f["live"] for f in fetched]
    # every page asks for its stream: in polling mode each asking is refused (503; a page asks again 5 s later, then
    # twice as long each time, so at least once per page), in stream mode none is, and the streams are among the
    # requests still in progress at the end of the window
    refused = sum(n for k, n in dashboards["since_start"].items() if "/events 503" in k)
    events = {k: n for k, n in dashboards["since_start"].items() if "/events" in k}
    if mode == "stream":
        ok = all(l == "stream" for l in lives) and refused == 0 and dashboards["active"] >= a.dashboards
    else:
        ok = all(l == "polling" for l in lives) and refused >= a.dashboards
    # each page's own count over its own minutes (the pages are read one after the other, around the window)
    received = sum(sum(o["bytes"] for o in f["fetched"].values()) / f["minutes"] for f in fetched)
    result = {"mode": mode, "run": run, "pages": [{k: p[k] for k in ("drawn", "load", "visibility")} for p in pages],
              "before": baseline, "after": after, "baseline": mean_window(baseline, after), "dashboards": dashboards,
              "received": received, "fetched": fetched, "live": lives,
              "events_since_start": events, "verified": ok, "succeeded_at_end": status["trials"]["SUCCEEDED"]}
    shutil.rmtree(work, ignore_errors=True)
    return result


def mean_window(x, y):
    """The baseline: the mean of the windows before the pages opened and after they closed (drift cancels out)."""
    return {"cpu": (x["cpu"] + y["cpu"]) / 2, "kinds": {k: (x["kinds"][k] + y["kinds"][k]) / 2 for k in KINDS},
            "trials": (x["trials"] + y["trials"]) / 2, "VmRSS": x["VmRSS"], "VmHWM": y["VmHWM"],
            "browsers": 0.0, "requests": y["requests"], "sent": y["sent"]}


# --- the report ---

def serving(w):
    """CPU outside the training workers and the JIT compilers: what serving pages costs shows here."""
    return w["cpu"] - w["kinds"]["workers"] - w["kinds"]["JIT"]


def med(xs):
    xs = [x for x in xs if x is not None]
    return statistics.median(xs) if xs else float("nan")


def summary(r):
    drawn = [p["drawn"] for p in r["pages"]]
    ms = lambda v: "never" if v is None else f"{v:.0f}"
    b, d = r["baseline"], r["dashboards"]
    return (f"run {r['run']} {r['mode']:7s}: {len(drawn)} pages drawn in median {med(drawn):.0f} ms (first"
            f" {ms(drawn[0])}, last {ms(drawn[-1])}, max {ms(max(x for x in drawn if x is not None) if any(drawn) else None)},"
            f" not drawn {drawn.count(None)}); pages say live={','.join(sorted(set(r['live'])))}"
            f" ({'verified' if r['verified'] else 'NOT AS EXPECTED'}; /events answers since the start:"
            f" {', '.join(f'{k.split()[-1]} x{n:.0f}' for k, n in r['events_since_start'].items()) or 'none completed'},"
            f" requests in progress {d['active']:.0f});"
            f" server CPU {b['cpu']:.1f} -> {d['cpu']:.1f} CPU-s/min (baseline: mean of before and after), outside the"
            f" workers and JIT {serving(b):.1f} -> {serving(d):.1f}; RSS {r['before']['VmRSS']:.0f} -> {d['VmRSS']:.0f} MiB (peak {r['after']['VmHWM']:.0f}); {sum(d['requests'].values()):.0f} requests/min,"
            f" {d['sent'] / 1e6:.1f} MB/min of responses before gzip, {r['received'] / 1e6:.1f} MB/min received by the pages; trials/min {b['trials']:.0f} -> {d['trials']:.0f};"
            f" browsers {d['browsers']:.1f} CPU-s/min; pages {','.join(sorted({p['visibility'] for p in r['pages']}))}")


def report(a, results):
    modes = ("stream", "polling")
    by = {m: [r for r in results if r["mode"] == m] for m in modes}
    rows = []

    def row(label, f, ratio=True, fmt="{:.1f}"):
        vals = [med([f(r) for r in by[m]]) for m in modes]
        q = f"{vals[1] / vals[0]:.2f}" if ratio and vals[0] else ""
        rows.append((label, *[fmt.format(v) for v in vals], q))

    pct = lambda v: v / 60 * 100
    row(f"page drawn, median of {a.dashboards} pages (ms)", lambda r: med([p["drawn"] for p in r["pages"]]), fmt="{:.0f}")
    row("page drawn, slowest page (ms)", lambda r: max([p["drawn"] for p in r["pages"] if p["drawn"] is not None],
                                                       default=None), fmt="{:.0f}")
    row(f"pages not drawn within {a.load_timeout} s", lambda r: sum(p["drawn"] is None for p in r["pages"]),
        ratio=False, fmt="{:.0f}")
    row("page load event, median (ms)", lambda r: med([p["load"] for p in r["pages"]]), fmt="{:.0f}")
    row("server CPU, no dashboard (CPU-s/min)", lambda r: r["baseline"]["cpu"])
    row(f"server CPU, {a.dashboards} dashboards (CPU-s/min)", lambda r: r["dashboards"]["cpu"])
    row("  difference (CPU-s/min)", lambda r: r["dashboards"]["cpu"] - r["baseline"]["cpu"])
    row("outside workers and JIT, no dashboard (CPU-s/min)", lambda r: serving(r["baseline"]))
    row(f"outside workers and JIT, {a.dashboards} dashboards (CPU-s/min)", lambda r: serving(r["dashboards"]))
    row("  the dashboards' cost (CPU-s/min)", lambda r: serving(r["dashboards"]) - serving(r["baseline"]))
    row("  the dashboards' cost (% of one core)", lambda r: pct(serving(r["dashboards"]) - serving(r["baseline"])))
    for k in KINDS[1:]:
        row(f"  {k} threads with dashboards (CPU-s/min)", lambda r, k=k: r["dashboards"]["kinds"][k])
    row("JIT threads, no dashboard (CPU-s/min)", lambda r: r["baseline"]["kinds"]["JIT"])
    row("workers with / without dashboards (CPU-s/min)", lambda r: r["dashboards"]["kinds"]["workers"], ratio=False)
    rows[-1] = (rows[-1][0], *[f"{med([r['dashboards']['kinds']['workers'] for r in by[m]]):.1f} / "
                               f"{med([r['baseline']['kinds']['workers'] for r in by[m]]):.1f}" for m in modes], "")
    row("trials trained/min with / without dashboards", lambda r: 0, ratio=False)
    rows[-1] = (rows[-1][0], *[f"{med([r['dashboards']['trials'] for r in by[m]]):.0f} / "
                               f"{med([r['baseline']['trials'] for r in by[m]]):.0f}" for m in modes], "")
    row("RSS before the pages opened (MiB)", lambda r: r["before"]["VmRSS"], fmt="{:.0f}")
    row(f"RSS after {a.window:.0f} s with {a.dashboards} dashboards (MiB)", lambda r: r["dashboards"]["VmRSS"], fmt="{:.0f}")
    row("peak RSS of the whole mode, VmHWM (MiB)", lambda r: r["after"]["VmHWM"], fmt="{:.0f}")
    row("requests/min, all", lambda r: sum(r["dashboards"]["requests"].values()), fmt="{:.0f}")
    row("response bytes/min before gzip (MB, Tomcat)", lambda r: r["dashboards"]["sent"] / 1e6)
    row("bytes/min received by the pages (MB, gzipped)", lambda r: r["received"] / 1e6, fmt="{:.2f}")
    row("browsers' CPU (CPU-s/min)", lambda r: r["dashboards"]["browsers"])
    width = max(len(x[0]) for x in rows)
    out = [f"{'':{width}s} | {'stream':>13s} | {'polling':>13s} | polling/stream", "-" * (width + 50)]
    out += [f"{l:{width}s} | {s:>13s} | {p:>13s} | {q}" for l, s, p, q in rows]
    keys = sorted({k for r in results for k in r["dashboards"]["requests"]})
    out += ["", f"requests/min by endpoint with {a.dashboards} dashboards (median over runs):"]
    kw = max([len(k) for k in keys] + [10])
    for k in keys:
        vals = [med([r["dashboards"]["requests"].get(k, 0) for r in by[m]]) for m in modes]
        out.append(f"{k:{kw}s} | {vals[0]:9.1f} | {vals[1]:9.1f}")
    return "\n".join(out)


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--jar", default=os.path.join(ROOT, "target", "hypergrid.jar"))
    p.add_argument("--runs", type=int, default=3, help="runs of both modes; medians are reported")
    p.add_argument("--window", type=float, default=60, help="seconds of each measurement window")
    p.add_argument("--dashboards", type=int, default=10)
    p.add_argument("--browsers", type=int, default=None,
                   help="Chromium sessions the dashboards are spread over (default: one each; see above for why)")
    p.add_argument("--trials", type=int, default=100_000, help="the search's size: trials / 100 lambdas x 100 etas")
    p.add_argument("--epochs", type=int, default=1, help="epochs per trial (more: the search trains for longer)")
    p.add_argument("--warm-trials", type=int, default=3000, help="trials finished (with SQL) before the service starts")
    p.add_argument("--settle", type=float, default=30, help="seconds after the start before the baseline window")
    p.add_argument("--settle-pages", type=float, default=10, help="seconds after the last page drew before its window")
    p.add_argument("--load-timeout", type=int, default=180,
                   help="seconds a page may take to draw (one that does not is counted, and stays open)")
    p.add_argument("--java-opts", default="", help="options for the service's JVM")
    p.add_argument("--chromium", default=os.environ.get("HYPERGRID_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium")
    p.add_argument("--chromedriver", default=os.environ.get("HYPERGRID_CHROMEDRIVER") or shutil.which("chromedriver")
                   or "/usr/bin/chromedriver")
    p.add_argument("--work", default=None, help="where the databases go (default: a temporary folder, removed)")
    p.add_argument("--json", help="also write every measurement to this file")
    a = p.parse_args()
    if a.trials % ETAS or a.trials < ETAS:
        p.error(f"--trials must be a multiple of {ETAS}")
    if not 0 < a.warm_trials < a.trials:
        p.error("--warm-trials must be between 0 and --trials")
    for what in (a.jar, a.chromium, a.chromedriver):
        if not os.path.exists(what):
            sys.exit(f"{what} not found (./mvnw -B -ntp -DskipTests package; apt-get install chromium chromium-driver)")
    a.jar = os.path.abspath(a.jar)
    a.browsers = min(a.browsers or a.dashboards, a.dashboards)
    own_work = a.work is None
    a.work = tempfile.mkdtemp(prefix="hypergrid-dashboards-") if own_work else os.path.abspath(a.work)
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    log(f"{a.trials} trials, {a.dashboards} dashboards in {a.browsers} Chromium session(s), {a.window:.0f} s windows,"
        f" {a.runs} run(s); {os.cpu_count()} cores ({cpu}), load average {os.getloadavg()[0]:.2f}")
    results = []
    try:
        template = os.path.join(a.work, "template")
        os.makedirs(template, exist_ok=True)
        sid = prepare(a, template)
        for run in range(1, a.runs + 1):
            for mode in (("stream", "polling") if run % 2 else ("polling", "stream")):
                log(f"run {run}, {mode}: service, {a.settle:.0f} s, baseline window, {a.dashboards} pages, window")
                results.append(measure(a, mode, template, sid, run))
                log(summary(results[-1]))
    finally:
        if own_work:
            shutil.rmtree(a.work, ignore_errors=True)
        if a.json and results:
            with open(a.json, "w") as f:
                json.dump({"args": vars(a), "results": results}, f, indent=1)
    print(f"{a.trials} trials running, {a.dashboards} dashboards ({a.browsers} headless Chromium session(s)),"
          f" {a.window:.0f} s windows, {a.runs} run(s) of each mode, {os.cpu_count()} cores ({cpu})")
    print(report(a, results))
    if not all(r["verified"] for r in results):
        sys.exit("a page did not follow the search the way its mode says (see the live= of each run above)")


if __name__ == "__main__":
    main()
