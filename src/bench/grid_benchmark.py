#!/usr/bin/env python3
"""The assignment's 64-trial grid (lambda {0, 0.01, 0.1, 1} x eta {0.1, 0.01, 0.001, 0.0001} x batch {10, 50, 100,
1000}, 40 epochs, split batch1, per-epoch train and validation evaluation), in one run on this machine and data:

  (a) through the service: submit examples/assignment-grid.json, wall time from submit to the last result
      (float32, and float64 with --float64);
  (b) the NumPy reference as the three nested loops it replaces, one trial after another, at the faster of 1 and 2
      BLAS threads (measured on the first trial);
  (c) the reference as 2 parallel processes of one thread, half the grid each;

plus the grid's floating-point work over the machine's GEMM peak (2048-square products, all cores, the trainer's
BLAS: `java -jar hypergrid.jar gemm-peak`) as the floor. Prints each wall time, the ratios and the fraction of the
floor. OPENBLAS_CORETYPE passes through to every side unchanged.

Needs the jar, the real CIFAR-10 and the reference's NumPy (see compare_reference.py). About 30 minutes here.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
LAMBDAS = [0, 0.01, 0.1, 1]
ETAS = [0.1, 0.01, 0.001, 0.0001]
BATCHES = [10, 50, 100, 1000]
EPOCHS = 40
N, NVAL, NTEST, K, D = 10000, 10000, 10000, 10, 3072


def grid():
    return [(l, e, b) for l in LAMBDAS for e in ETAS for b in BATCHES]


def flops_per_trial():
    descent = EPOCHS * 4 * N * K * D                 # forward and gradient products per image and epoch
    evaluation = (EPOCHS + 1) * 2 * (N + NVAL) * K * D  # train + validation after every epoch and before training
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
            str(eta), "--batch", str(batch), "--epochs", str(EPOCHS), "--split", "batch1", "--no-curves"]


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


def service(a, dtype):
    work = tempfile.mkdtemp(prefix="hypergrid-bench-")
    port = a.port
    svc = subprocess.Popen(["java", "-jar", a.jar, f"--server.port={port}", f"--hypergrid.data.dir={a.data}",
                            f"--spring.datasource.url=jdbc:h2:file:{work}/db", "--logging.level.root=warn"],
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
        req = urllib.request.Request(base + "/api/searches", data=json.dumps(spec).encode(),
                                     headers={"Content-Type": "application/json"}, method="POST")
        t = time.perf_counter()
        sid = json.load(urllib.request.urlopen(req))["id"]
        while True:
            status = json.load(urllib.request.urlopen(f"{base}/api/searches/{sid}"))
            if status["state"] in ("SUCCEEDED", "FAILED", "CANCELLED"):
                break
            time.sleep(0.2)
        wall = time.perf_counter() - t
        top = json.load(urllib.request.urlopen(f"{base}/api/searches/{sid}/top?k=1"))
        return wall, status, top[0]
    finally:
        svc.terminate()
        svc.wait()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "cifar-10-batches-bin"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "hypergrid.jar"))
    ap.add_argument("--python", default="/usr/bin/python3")
    ap.add_argument("--openblas-dir", default="/usr/lib/x86_64-linux-gnu/openblas-pthread")
    ap.add_argument("--port", type=int, default=8099)
    ap.add_argument("--float64", action="store_true", help="also run the grid through the service in float64")
    a = ap.parse_args()

    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {cpu}, {os.cpu_count()} cores, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}")
    peak = json.loads(subprocess.run(["java", "-jar", a.jar, "gemm-peak"], env=env(None), capture_output=True,
                                     text=True, check=True).stdout)
    work = 64 * flops_per_trial()
    rows = []
    wall_a, status, best = service(a, "float32")
    rows.append(("(a) service, float32", wall_a, work / wall_a / 1e9 / peak["float32Gflops"]))
    print(f"  (a) {wall_a:.1f} s, {status['trials']}, best {best['parameters']['lambda']}/"
          f"{best['parameters']['eta']}/{best['parameters']['batchSize']} val {best['validationAccuracy']}", file=sys.stderr)
    if a.float64:
        wall_a64, _, _ = service(a, "float64")
        rows.append(("(a) service, float64", wall_a64, work / wall_a64 / 1e9 / peak["float64Gflops"]))
    wall_b, threads, _ = sequential(a)
    rows.append((f"(b) reference, sequential, {threads} thread(s), float64", wall_b, work / wall_b / 1e9 / peak["float64Gflops"]))
    wall_c = parallel(a)
    rows.append(("(c) reference, 2 processes, float64", wall_c, work / wall_c / 1e9 / peak["float64Gflops"]))

    print(f"\nGEMM peak (2048^3, {peak['threads']} threads): float32 {peak['float32Gflops']:.1f} GFLOP/s, "
          f"float64 {peak['float64Gflops']:.1f}. Grid work: {work / 1e12:.2f} TFLOP "
          f"(floor: {work / 1e9 / peak['float32Gflops']:.0f} s in float32, {work / 1e9 / peak['float64Gflops']:.0f} s in float64).\n")
    print("| run | wall s | (b) / run | (c) / run | fraction of the floor (peak of its dtype) |")
    print("|---|---|---|---|---|")
    for name, wall, frac in rows:
        print(f"| {name} | {wall:.1f} | {wall_b / wall:.2f} | {wall_c / wall:.2f} | {frac * 100:.0f} % |")


if __name__ == "__main__":
    main()
