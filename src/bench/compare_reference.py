#!/usr/bin/env python3
"""Hypergrid's trainer against the NumPy reference (shared/reference/ref_trainer.py), in one run on the same data.

  speed      one trial at (lambda 0.1, eta 0.001), 40 epochs, per-epoch train and validation evaluation included,
             batch 100 and 10: Hypergrid float32 and float64 on one thread, the reference float64 (and float32) on one
             thread and float64 with its default threads. Runs are interleaved, repeated, and reported as medians of
             the training time (descent + per-epoch evaluation, data loading excluded, on both sides) with ratios.
  agreement  mean test accuracy over seeds 0, 1, 2 of both implementations (each draws its own initialisation),
             softmax at (0, 0.001), (0.1, 0.001), (1, 0.001) and bce at (0.1, 0.001); batch 100, 40 epochs, float64.

Needs: the jar (./mvnw -q package -DskipTests), the real CIFAR-10, and the reference's NumPy on OpenBLAS
(apt-get install -y python3-numpy libopenblas0-pthread). Only the standard library here.

OPENBLAS_CORETYPE is passed through unchanged to both sides. Set, both run the kernels it names; unset, Hypergrid
chooses its own (SkylakeX on AVX-512 processors ND4J's OpenBLAS 0.3.19 does not know: training/BlasKernels) and the
reference's OpenBLAS its own (it reports its core with OPENBLAS_VERBOSE=2).
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def run_json(cmd, env):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode not in (0,):
        sys.exit(f"failed ({p.returncode}): {' '.join(cmd)}\n{p.stderr[-2000:]}")
    return json.loads(p.stdout.strip().splitlines()[-1]), p.stderr


def base_env(threads):
    env = dict(os.environ)
    for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
        env.pop(k, None)
    if threads is not None:
        env["OMP_NUM_THREADS"] = str(threads)
        env["OPENBLAS_NUM_THREADS"] = str(threads)
    return env


class Runner:
    def __init__(self, a):
        self.a = a

    def hypergrid(self, lam, eta, batch, dtype, loss="softmax", seed=0, epochs=40):
        cmd = ["java", "-jar", self.a.jar, "train", "--data", self.a.data, "--lambda", str(lam), "--eta", str(eta),
               "--batch-size", str(batch), "--epochs", str(epochs), "--loss", loss, "--split", "batch1",
               "--seed", str(seed), "--dtype", dtype, "--no-curves"]
        out, _ = run_json(cmd, base_env(1))
        return out["timing"]["trainingSeconds"], out["final"]["testAccuracy"]

    def reference(self, lam, eta, batch, dtype, threads, loss="softmax", seed=0, epochs=40):
        env = base_env(threads)
        env["LD_LIBRARY_PATH"] = self.a.openblas_dir
        cmd = [self.a.python, os.path.join(self.a.reference, "ref_trainer.py"), "--data", self.a.data,
               "--lam", str(lam), "--eta", str(eta), "--batch", str(batch), "--epochs", str(epochs), "--loss", loss,
               "--split", "batch1", "--seed", str(seed), "--dtype", dtype, "--no-curves"]
        out, _ = run_json(cmd, env)
        return out["timing_s"]["train_total"], out["final"]["test_acc"]


def blas_cores(a):
    """Which OpenBLAS kernels each side runs, as OpenBLAS itself says."""
    env = base_env(1)
    env["OPENBLAS_VERBOSE"] = "2"
    j = subprocess.run(["java", "-jar", a.jar, "train", "--dataset", "synthetic", "--epochs", "0", "--no-curves"],
                       env=env, capture_output=True, text=True).stderr
    env["LD_LIBRARY_PATH"] = a.openblas_dir
    p = subprocess.run([a.python, "-c", "import numpy; numpy.ones((2,2)) @ numpy.ones((2,2))"], env=env,
                       capture_output=True, text=True).stderr
    core = lambda s: next((l.split(":", 1)[1].strip() for l in s.splitlines() if l.startswith("Core:")), "?")
    return core(j), core(p)


def header(a):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    hg_core, ref_core = blas_cores(a)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')}  {cpu}, {os.cpu_count()} cores, {platform.platform()}")
    print(f"# OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')}: "
          f"Hypergrid's OpenBLAS runs '{hg_core}' kernels, the reference's '{ref_core}'")


def speed(a):
    r = Runner(a)
    header(a)
    variants = [
        ("hypergrid float32, 1 thread", lambda b: r.hypergrid(0.1, 0.001, b, "float32")),
        ("hypergrid float64, 1 thread", lambda b: r.hypergrid(0.1, 0.001, b, "float64")),
        ("reference float64, 1 thread", lambda b: r.reference(0.1, 0.001, b, "float64", 1)),
        ("reference float64, default threads", lambda b: r.reference(0.1, 0.001, b, "float64", None)),
        ("reference float32, 1 thread", lambda b: r.reference(0.1, 0.001, b, "float32", 1)),
    ]
    times = {(name, b): [] for name, _ in variants for b in a.batches}
    for rep in range(a.repeats):
        for b in a.batches:
            for name, fn in variants:          # interleaved: each variant sees the same machine noise
                t, acc = fn(b)
                times[(name, b)].append(t)
                print(f"  repeat {rep + 1} batch {b:4d}  {name:36s} {t:7.2f} s  test {acc:.4f}", file=sys.stderr)
    print(f"\nTraining time, 40 epochs with per-epoch train+validation evaluation, median of {a.repeats} (seconds):\n")
    print("| variant | " + " | ".join(f"batch {b}" for b in a.batches) + " |")
    print("|---|" + "---|" * len(a.batches))
    med = {k: statistics.median(v) for k, v in times.items()}
    for name, _ in variants:
        print(f"| {name} | " + " | ".join(f"{med[(name, b)]:.2f}" for b in a.batches) + " |")
    print("\nRatios (reference float64 on 1 thread / variant; above 1 = faster than the reference):\n")
    print("| variant | " + " | ".join(f"batch {b}" for b in a.batches) + " |")
    print("|---|" + "---|" * len(a.batches))
    for name, _ in variants:
        print(f"| {name} | " + " | ".join(
            f"{med[('reference float64, 1 thread', b)] / med[(name, b)]:.2f}" for b in a.batches) + " |")


def agreement(a):
    r = Runner(a)
    header(a)
    configs = [("softmax", 0, 0.001), ("softmax", 0.1, 0.001), ("softmax", 1, 0.001), ("bce", 0.1, 0.001)]
    print("\n| loss | lambda | eta | Hypergrid test acc. (seeds 0/1/2) | mean | reference (seeds 0/1/2) | mean | difference |")
    print("|---|---|---|---|---|---|---|---|")
    for loss, lam, eta in configs:
        hg = [r.hypergrid(lam, eta, 100, "float64", loss, seed)[1] * 100 for seed in (0, 1, 2)]
        ref = [r.reference(lam, eta, 100, "float64", 1, loss, seed)[1] * 100 for seed in (0, 1, 2)]
        d = statistics.mean(hg) - statistics.mean(ref)
        print(f"| {loss} | {lam} | {eta} | {' / '.join(f'{v:.2f}' for v in hg)} | {statistics.mean(hg):.2f} | "
              f"{' / '.join(f'{v:.2f}' for v in ref)} | {statistics.mean(ref):.2f} | {d:+.2f} |", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["speed", "agreement"])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "cifar-10-batches-bin"))
    ap.add_argument("--reference", default=os.path.join(ROOT, "..", "shared", "reference"))
    ap.add_argument("--jar", default=os.path.join(ROOT, "target", "hypergrid.jar"))
    ap.add_argument("--python", default="/usr/bin/python3", help="a Python with NumPy")
    ap.add_argument("--openblas-dir", default="/usr/lib/x86_64-linux-gnu/openblas-pthread")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--batches", type=lambda s: [int(x) for x in s.split(",")], default=[100, 10])
    a = ap.parse_args()
    for path in (a.jar, a.data, a.reference):
        if not os.path.exists(path):
            sys.exit(f"not found: {path}")
    speed(a) if a.what == "speed" else agreement(a)


if __name__ == "__main__":
    main()
