#!/usr/bin/env python3
"""Grid, random search and TPE, with and without successive halving, on the real CIFAR-10, in one run.

The space of issue 14: split batch1, softmax, 40 epochs, float32; lambda log-uniform in [1e-4, 1], eta log-uniform in
[1e-4, 0.1], batch size in {10, 50, 100, 1000}. The yardstick is the assignment's full grid (examples/
assignment-grid.json, 64 trials): its best validation accuracy V*, its epochs and its wall time. Against it, for each
of --seeds sample seeds: random search with 32 trials, TPE with 32, random + successive halving with 64, TPE +
successive halving with 64 (rungs at --min-epochs x --reduction-factor^k, default 4 x 3^k). All searches go to one service (the jar, default policy: 2
workers, stacks of up to 16), one at a time; the grid runs first and last (its wall time is the median of the two),
the other searches interleaved seed by seed so that the machine's drift falls on every method alike.

Per search: the best validation accuracy found, that trial's test accuracy, the epochs trained (epochsDone summed
over trials, as GET /api/searches/{id} reports them) and the wall time (submit to the last trial's finishedAt). Per
method the median over seeds of each, and the ratios to the grid; then the issue's targets: TPE + successive halving
at V* - 0.1 points or better with at most 30 % of the grid's epochs and 50 % of its wall time, and TPE better than
random at the same budget.

Needs the jar (./mvnw -q package -DskipTests) and the real CIFAR-10 (--data). About 12 minutes on a quiet 2-core
machine with 5 seeds. Each run's line also gives the epochs trained per batch size (an epoch's cost depends on it).
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import grid_benchmark as gb  # noqa: E402  (same folder: its clock, CPU and median helpers)

SPACE = {"lambda": {"min": 0.0001, "max": 1, "scale": "log"},
         "eta": {"min": 0.0001, "max": 0.1, "scale": "log"},
         "batchSize": [10, 50, 100, 1000]}
FIXED = {"epochs": 40, "loss": "softmax", "split": "batch1", "dtype": "float32", "seed": 0}
METHODS = ["random-32", "tpe-32", "random-sh-64", "tpe-sh-64"]


def spec(method, seed, min_epochs, reduction, per_claim=None, trend=None):
    if method == "grid":
        s = json.load(open(os.path.join(gb.ROOT, "examples", "assignment-grid.json")))
        s["fixed"].update(FIXED)
        return s
    kind, *rest = method.split("-")
    trials = int(rest[-1])
    strategy = {"type": kind, "trials": trials, "seed": seed}
    if kind == "tpe" and per_claim:
        strategy["proposalsPerClaim"] = per_claim
    if "sh" in rest:
        strategy["earlyStopping"] = {"type": "successiveHalving", "minEpochs": min_epochs,
                                     "reductionFactor": reduction}
        if trend is not None:
            strategy["earlyStopping"]["trend"] = trend
    return {"name": f"{method} seed {seed}", "dataset": "cifar10", "grid": SPACE, "fixed": FIXED, "strategy": strategy}


class Service:
    def __init__(self, a):
        self.work = tempfile.mkdtemp(prefix="hypergrid-search-bench-")
        self.base = f"http://127.0.0.1:{a.port}"
        self.proc = subprocess.Popen(
            ["java", "-jar", a.jar, f"--server.port={a.port}", f"--hypergrid.data.dir={a.data}",
             f"--spring.datasource.url=jdbc:h2:file:{self.work}/db", "--logging.level.root=warn"],
            cwd=self.work, env=gb.env(None), stdout=open(os.path.join(self.work, "service.log"), "w"),
            stderr=subprocess.STDOUT)
        for _ in range(240):
            try:
                if json.load(urllib.request.urlopen(self.base + "/api/datasets"))[0]["ready"]:
                    return
            except Exception:
                pass
            time.sleep(0.5)
        sys.exit("service or data not ready; see " + self.work)

    def get(self, path):
        return json.load(urllib.request.urlopen(self.base + path))

    def run(self, body):
        req = urllib.request.Request(self.base + "/api/searches", data=json.dumps(body).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        submitted = time.time()
        sid = json.load(urllib.request.urlopen(req))["id"]
        while True:
            status = self.get(f"/api/searches/{sid}")
            if status["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                break
            time.sleep(1)
        items = gb.trials(self.base, sid)
        wall = gb.last_finished(self.base, sid, items) - submitted
        best = self.get(f"/api/searches/{sid}/top?k=1")[0]
        by_batch = {}  # epochs trained per batch size: what an epoch costs depends on it
        for t in items:
            b = t["parameters"]["batchSize"]
            by_batch[b] = by_batch.get(b, 0) + t["epochsDone"]
        return {"id": sid, "wall": wall, "epochs": status["epochsDone"], "trials": status["trials"],
                "val": best["validationAccuracy"], "test": best["testAccuracy"], "best": best["parameters"],
                "byBatch": dict(sorted(by_batch.items()))}

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(gb.ROOT, "..", "shared", "cifar-10-batches-bin"))
    ap.add_argument("--jar", default=os.path.join(gb.ROOT, "target", "hypergrid.jar"))
    ap.add_argument("--port", type=int, default=8098)
    ap.add_argument("--seeds", type=int, default=5, help="sample seeds per method (0, 1, ...)")
    ap.add_argument("--min-epochs", type=int, default=4, help="successive halving's first rung")
    ap.add_argument("--reduction-factor", type=int, default=3, help="successive halving's ratio of rungs")
    ap.add_argument("--trend", type=float, help="successive halving's trend (default: none, best so far)")
    ap.add_argument("--proposals-per-claim", type=int, help="TPE's proposalsPerClaim (default: the service's, 4)")
    ap.add_argument("--methods", default=",".join(METHODS), help="of " + ", ".join(METHODS))
    a = ap.parse_args()
    methods = [m for m in a.methods.split(",") if m]

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {cpu}, {os.cpu_count()} cores; successive halving: rungs at "
          f"{a.min_epochs} x {a.reduction_factor}^k, trend {a.trend}; TPE proposalsPerClaim {a.proposals_per_claim or 'default'}; "
          f"{a.seeds} seeds", flush=True)
    svc = Service(a)
    results = {m: [] for m in ["grid"] + methods}
    try:
        def one(method, seed):
            r = svc.run(spec(method, seed, a.min_epochs, a.reduction_factor, a.proposals_per_claim, a.trend))
            results[method].append(r)
            p = r["best"]
            print(f"  {method} seed {seed}: best val {r['val'] * 100:.2f} % test {r['test'] * 100:.2f} % "
                  f"(lambda {p['lambda']}, eta {p['eta']}, batch {p['batchSize']}), {r['epochs']} epochs, "
                  f"{r['wall']:.1f} s, {r['trials']}, epochs by batch size {r['byBatch']}", file=sys.stderr, flush=True)

        one("grid", 0)
        for seed in range(a.seeds):
            for m in methods:
                one(m, seed)
        one("grid", 0)
    finally:
        svc.stop()

    grid = results["grid"]
    v_star = grid[0]["val"]
    g_epochs = grid[0]["epochs"]
    g_wall = gb.median([r["wall"] for r in grid])
    walls = ", ".join(f"{r['wall']:.1f}" for r in grid)
    print(f"\nFull grid: V* = {v_star * 100:.2f} % (test {grid[0]['test'] * 100:.2f} %), {g_epochs} epochs, "
          f"wall {g_wall:.1f} s (median of {walls})")
    print("\n| method | seeds | best validation % (median [min, max]) | its test % (median) | epochs (median) "
          "| of the grid's | wall s (median) | of the grid's |")
    print("|---|---|---|---|---|---|---|---|")
    print(f"| grid (64) | - | {v_star * 100:.2f} | {grid[0]['test'] * 100:.2f} | {g_epochs} | 100 % | {g_wall:.1f} | 100 % |")
    summary = {}
    for m in methods:
        rs = results[m]
        val = gb.median([r["val"] for r in rs])
        test = gb.median([r["test"] for r in rs])
        ep = gb.median([r["epochs"] for r in rs])
        wall = gb.median([r["wall"] for r in rs])
        summary[m] = (val, ep / g_epochs, wall / g_wall)
        print(f"| {m} | {len(rs)} | {val * 100:.2f} [{min(r['val'] for r in rs) * 100:.2f}, "
              f"{max(r['val'] for r in rs) * 100:.2f}] | {test * 100:.2f} | {ep:.0f} | {ep / g_epochs * 100:.0f} % "
              f"| {wall:.1f} | {wall / g_wall * 100:.0f} % |")
    if "tpe-sh-64" in summary:
        val, ep, wall = summary["tpe-sh-64"]
        ok = val >= v_star - 0.001 and ep <= 0.30 and wall <= 0.50
        print(f"\nTPE + successive halving: {val * 100:.2f} % against V* - 0.1 = {(v_star - 0.001) * 100:.2f} %, "
              f"{ep * 100:.0f} % of the epochs (target <= 30 %), {wall * 100:.0f} % of the wall time (target <= 50 %): "
              f"{'met' if ok else 'NOT met'}")
    for tpe, rnd in (("tpe-32", "random-32"), ("tpe-sh-64", "random-sh-64")):
        if tpe in summary and rnd in summary:
            print(f"{tpe} against {rnd}: median best validation {summary[tpe][0] * 100:.2f} % vs "
                  f"{summary[rnd][0] * 100:.2f} %: TPE {'better' if summary[tpe][0] > summary[rnd][0] else 'NOT better'}")


if __name__ == "__main__":
    main()
