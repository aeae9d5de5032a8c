#!/usr/bin/env python3
"""The assignment's 64-trial grid (lambda {0, 0.01, 0.1, 1} x eta {0.1, 0.01, 0.001, 0.0001} x batch {10, 50, 100,
1000}, 40 epochs, split batch1, per-epoch train and validation evaluation), in one run on this machine and data:

  (a) through the service: submit examples/assignment-grid.json, wall time from submit to the last result (the
      last trial's finishedAt), float32, and float64 with --float64, --runs times each (the median is reported),
      with the service's peak resident memory and where its CPU went (workers, JIT compilers, HTTP, the rest);
  (b) the NumPy reference as the three nested loops it replaces, one trial after another, at the faster of 1 and 2
      BLAS threads (measured on the first trial);
  (c) the reference as 2 parallel processes of one thread, half the grid each;

plus the grid's floating-point work over the machine's GEMM peak (2048-square products, all cores, the trainer's
BLAS: `java -jar hypergrid.jar gemm-peak`, at the start and at the end, the higher kept) as the floor. Prints each
wall time, the ratios and the fraction of the floor. OPENBLAS_CORETYPE passes through to every side unchanged (unset, Hypergrid picks its kernels itself: see
training/BlasKernels; the reference's OpenBLAS picks its own).

--policies 2x1,1x2 times the service with each workers x BLAS-threads policy (float32), for the thread policy.
--compare-jar OLD.jar times the service float32 with that jar and with --jar, alternately, --runs times each, and
prints both medians and their ratio: a refactoring's cost, measured in one run.
--split all runs the grid on split `all` (49,000 training images); --skip-reference times the service alone.

Needs the jar, the real CIFAR-10 and the reference's NumPy (see compare_reference.py). About 20 minutes here (--float64
--runs 3); an hour with --split all --runs 1.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LAMBDAS = [0, 0.01, 0.1, 1]
ETAS = [0.1, 0.01, 0.001, 0.0001]
BATCHES = [10, 50, 100, 1000]
EPOCHS = 40
K, D, NTEST = 10, 3072, 10000
SIZES = {"batch1": (10000, 10000), "all": (49000, 1000)}  # training and validation images


def grid():
    return [(l, e, b) for l in LAMBDAS for e in ETAS for b in BATCHES]


def flops_per_trial(split):
    n, nval = SIZES[split]
    descent = EPOCHS * 4 * n * K * D                 # forward and gradient products per image and epoch
    evaluation = (EPOCHS + 1) * 2 * (n + nval) * K * D  # train + validation after every epoch and before training
    test = 2 * NTEST * K * D
    return descent + evaluation + test


def env(threads):
    e = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS"):
        e.pop(k, None)
    if threads:
        e["OMP_NUM_THREADS"] = e["OPENBLAS_NUM_THREADS"] = str(threads)
    return e


def reference_cmd(a, lam, eta, batch):
    return [a.python, os.path.join(a.reference, "ref_trainer.py"), "--data", a.data, "--lam", str(lam), "--eta",
            str(eta), "--batch", str(batch), "--epochs", str(EPOCHS), "--split", a.split, "--no-curves"]


def reference_env(a, threads):
    e = env(threads)
    e["LD_LIBRARY_PATH"] = a.openblas_dir
    return e


def run_reference(a, points, threads):
    best = {}
    for lam, eta, batch in points:
        out = subprocess.run(reference_cmd(a, lam, eta, batch), env=reference_env(a, threads), capture_output=True,
                             text=True, check=True).stdout
        best[(lam, eta, batch)] = json.loads(out)["final"]
    return best


def sequential(a):
    first = grid()[0]
    timing = {}
    for threads in (1, 2):
        t = time.perf_counter()
        run_reference(a, [first], threads)
        timing[threads] = time.perf_counter() - t
    threads = min(timing, key=timing.get)
    print(f"  reference, first trial: {timing[1]:.1f} s on 1 thread, {timing[2]:.1f} s on 2: the grid runs on {threads}",
          file=sys.stderr)
    t = time.perf_counter()
    results = run_reference(a, grid(), threads)
    return time.perf_counter() - t, threads, results


def parallel(a):
    points = grid()
    halves = [points[0::2], points[1::2]]
    t = time.perf_counter()
    procs = []
    for half in halves:
        script = ";".join(" ".join(reference_cmd(a, *p)) + " > /dev/null" for p in half)
        procs.append(subprocess.Popen(["bash", "-c", "set -e;" + script], env=reference_env(a, 1)))
    for p in procs:
        if p.wait() != 0:
            sys.exit("a reference process failed")
    return time.perf_counter() - t


def thread_cpu(pid):
    """CPU seconds so far of each of the process's threads, by thread id: (name, seconds)."""
    out = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            stat = open(f"/proc/{pid}/task/{tid}/stat").read()
        except OSError:
            continue  # the thread ended
        name = stat[stat.index("(") + 1:stat.rindex(")")]
        fields = stat[stat.rindex(")") + 2:].split()
        out[tid] = (name, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    return out


def cpu_by_kind(before, after):
    """Where the service's CPU went between two thread_cpu readings: workers, JIT compilers, HTTP, the rest."""
    kinds = {"workers": 0.0, "JIT": 0.0, "HTTP": 0.0, "other": 0.0}
    for tid, (name, seconds) in after.items():
        used = seconds - before.get(tid, (name, 0.0))[1]
        kind = ("workers" if name.startswith("worker") else "JIT" if "Compiler" in name
                else "HTTP" if name.startswith("http") else "other")
        kinds[kind] += used
    return kinds


def peak_rss_gib(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024 / 1024
    return float("nan")


def service(a, dtype, workers=0, blas_threads=1, jar=None):
    work = tempfile.mkdtemp(prefix="hypergrid-bench-")
    port = a.port
    svc = subprocess.Popen(["java", "-jar", jar or a.jar, f"--server.port={port}", f"--hypergrid.data.dir={a.data}",
                            f"--spring.datasource.url=jdbc:h2:file:{work}/db", "--logging.level.root=warn",
                            f"--hypergrid.workers={workers}", f"--hypergrid.blas-threads={blas_threads}"],
                           cwd=work, env=env(None), stdout=open(os.path.join(work, "service.log"), "w"),
                           stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(240):
            try:
                ds = json.load(urllib.request.urlopen(base + "/api/datasets"))
                if ds[0]["ready"]:
                    break
            except Exception:
                pass
            time.sleep(0.5)
        else:
            sys.exit("service or data not ready; see " + work)
        spec = json.load(open(os.path.join(ROOT, "examples", "assignment-grid.json")))
        spec["fixed"]["dtype"] = dtype
        spec["fixed"]["split"] = a.split
        req = urllib.request.Request(base + "/api/searches", data=json.dumps(spec).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        cpu_before = thread_cpu(svc.pid)
        submitted = time.time()
        sid = json.load(urllib.request.urlopen(req))["id"]
        while True:
            status = json.load(urllib.request.urlopen(f"{base}/api/searches/{sid}"))
            if status["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                break
            time.sleep(1)  # the end is read from the trials' finishedAt, so polling often buys nothing but load
        wall = last_finished(base, sid) - submitted
        cpu = cpu_by_kind(cpu_before, thread_cpu(svc.pid))
        top = json.load(urllib.request.urlopen(f"{base}/api/searches/{sid}/top?k=1"))
        return wall, status, top[0], peak_rss_gib(svc.pid), cpu
    finally:
        svc.terminate()
        svc.wait()


def trials(base, sid):
    """Every trial of the search, as GET /api/searches/{id}/trials pages them."""
    items, page = [], 0
    while True:
        got = json.load(urllib.request.urlopen(f"{base}/api/searches/{sid}/trials?size=100&page={page}"))
        items += got["items"]
        page += 1
        if page >= got["totalPages"]:
            return items


def last_finished(base, sid, items=None):
    """The service's clock (this machine's) when the search's last trial finished."""
    return max(datetime.fromisoformat(t["finishedAt"].replace("Z", "+00:00")).timestamp()
               for t in (items if items is not None else trials(base, sid)))


def gemm_peak(a):
    return json.loads(subprocess.run(["java", "-jar", a.jar, "gemm-peak", "--repeats", "25"], env=env(None),
                                     capture_output=True, text=True, check=True).stdout)


def median(values):
    v = sorted(values)
    return v[len(v) // 2] if len(v) % 2 else (v[len(v) // 2 - 1] + v[len(v) // 2]) / 2


def timed_service(a, dtype, workers=0, blas_threads=1):
    """Median wall of --runs runs; prints every run."""
    walls, rss = [], []
    for _ in range(a.runs):
        wall, status, best, peak, cpu = service(a, dtype, workers, blas_threads)
        walls.append(wall)
        rss.append(peak)
        p = best["parameters"]
        print(f"  service {dtype} {workers or 'auto'} workers x {blas_threads} BLAS: {wall:.1f} s, {status['trials']}, "
              f"peak RSS {peak:.2f} GiB, best {p['lambda']}/{p['eta']}/{p['batchSize']} val {best['validationAccuracy']} "
              f"test {best['testAccuracy']}; service CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()),
              file=sys.stderr, flush=True)
    return median(walls), walls, max(rss)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "cifar-10-batches-bin"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "hypergrid.jar"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--openblas-dir", default="/usr/lib/x86_64-linux-gnu/openblas-pthread")
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--float64", action="store_true", help="also run the grid through the service in float64")
    ap.add_argument("--runs", type=int, default=3, help="service runs per configuration (median reported)")
    ap.add_argument("--split", choices=sorted(SIZES), default="batch1")
    ap.add_argument("--skip-reference", action="store_true", help="time the service only")
    ap.add_argument("--skip-service", action="store_true", help="time the reference only")
    ap.add_argument("--skip-sequential", action="store_true", help="no (b): the reference one trial after another")
    ap.add_argument("--policies", default="", help="workers x BLAS threads to compare, e.g. 2x1,1x2")
    ap.add_argument("--compare-jar", default="", help="another build's jar to time against --jar, alternately")
    a = ap.parse_args()

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    peak = gemm_peak(a)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {cpu}, {os.cpu_count()} cores, split {a.split}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}; Hypergrid: {peak['kernels']}")
    work = 64 * flops_per_trial(a.split)
    print(f"GEMM peak (2048^3, {peak['threads']} threads): float32 {peak['float32Gflops']:.1f} GFLOP/s, "
          f"float64 {peak['float64Gflops']:.1f}. Grid work: {work / 1e12:.2f} TFLOP "
          f"(floor: {work / 1e9 / peak['float32Gflops']:.0f} s in float32, {work / 1e9 / peak['float64Gflops']:.0f} s in float64).",
          flush=True)

    if a.policies:
        print("\n| workers x BLAS threads | float32 wall s (median) | runs |\n|---|---|---|")
        for policy in a.policies.split(","):
            workers, threads = (int(x) for x in policy.split("x"))
            wall, walls, _ = timed_service(a, "float32", workers, threads)
            print(f"| {workers} x {threads} | {wall:.1f} | {', '.join(f'{w:.1f}' for w in walls)} |", flush=True)
        return

    if a.compare_jar:
        walls = {"old": [], "new": []}
        for run in range(a.runs):
            for label, jar in (("old", a.compare_jar), ("new", a.jar)):
                wall, status, best, peak_rss, cpu = service(a, "float32", jar=jar)
                walls[label].append(wall)
                print(f"  run {run + 1}, {label} ({jar}): {wall:.1f} s, {status['trials']}, best val "
                      f"{best['validationAccuracy']}; service CPU s: " + ", ".join(f"{k} {v:.1f}" for k, v in cpu.items()),
                      file=sys.stderr, flush=True)
        old, new = median(walls["old"]), median(walls["new"])
        print("\n| build | float32 wall s (median) | runs |\n|---|---|---|")
        print(f"| {a.compare_jar} | {old:.1f} | {', '.join(f'{w:.1f}' for w in walls['old'])} |")
        print(f"| {a.jar} | {new:.1f} | {', '.join(f'{w:.1f}' for w in walls['new'])} |")
        print(f"\nnew / old = {new / old:.3f} ({(new / old - 1) * 100:+.1f} %)")
        return

    rows = []
    if not a.skip_service:
        wall_a, walls, rss = timed_service(a, "float32")
        rows.append(("(a) service, float32", wall_a, walls, rss, work / wall_a / 1e9 / peak["float32Gflops"]))
    if a.float64 and not a.skip_service:
        wall_a64, walls64, rss64 = timed_service(a, "float64")
        rows.append(("(a) service, float64", wall_a64, walls64, rss64, work / wall_a64 / 1e9 / peak["float64Gflops"]))
    wall_b = wall_c = None
    if not a.skip_reference:
        if not a.skip_sequential:
            wall_b, threads, _ = sequential(a)
            rows.append((f"(b) reference, sequential, {threads} thread(s), float64", wall_b, [wall_b], None,
                         work / wall_b / 1e9 / peak["float64Gflops"]))
        wall_c = parallel(a)
        rows.append(("(c) reference, 2 processes, float64", wall_c, [wall_c], None, work / wall_c / 1e9 / peak["float64Gflops"]))

    # the machine is shared and its rate drifts: the peak is measured again at the end and the higher of the two
    # medians is the yardstick (the smaller fraction for us)
    again = gemm_peak(a)
    print(f"GEMM peak again at the end: float32 {again['float32Gflops']:.1f}, float64 {again['float64Gflops']:.1f}")
    for dtype, key in (("float32", "float32Gflops"), ("float64", "float64Gflops")):
        peak[key] = max(peak[key], again[key])
    for i, (name, wall, walls, rss, _) in enumerate(rows):
        rows[i] = (name, wall, walls, rss, work / wall / 1e9 / peak["float32Gflops" if "float32" in name else "float64Gflops"])
    print(f"Yardstick (the higher): float32 {peak['float32Gflops']:.1f} GFLOP/s, float64 {peak['float64Gflops']:.1f}")
    print("\n| run | wall s (median) | runs | (b) / run | (c) / run | fraction of the floor (peak of its dtype) | peak RSS |")
    print("|---|---|---|---|---|---|---|")
    for name, wall, walls, rss, frac in rows:
        rb = f"{wall_b / wall:.2f}" if wall_b else "-"
        rc = f"{wall_c / wall:.2f}" if wall_c else "-"
        mem = f"{rss:.2f} GiB" if rss else "-"
        print(f"| {name} | {wall:.1f} | {', '.join(f'{w:.1f}' for w in walls)} | {rb} | {rc} | {frac * 100:.0f} % | {mem} |")


if __name__ == "__main__":
    main()
