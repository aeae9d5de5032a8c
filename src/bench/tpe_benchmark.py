#!/usr/bin/env python3
"""The sampler alone: Hypergrid's TPE against Optuna's TPESampler(multivariate=True, constant_liar=True) and random
search, on Branin, Hartmann-6, 4-dimensional Rosenbrock (as log(1 + f)) and a mixed space like Hypergrid's (two
log-scaled reals and a categorical). 100 evaluations, 20 seeds, 4 parallel workers simulated by asking for 4 points
before telling their values. Prints the median and interquartile range of the simple regret after 25, 50 and 100
evaluations, then the proposal time at 100, 500 and 1,000 finished trials beside Optuna's.

Hypergrid's side runs in a JVM (io.hypergrid.search.strategy.TpeBench from the test classes, JSON lines on stdin and
stdout); Optuna runs here, from a virtual environment (--venv, default ~/.cache/hypergrid/venv-optuna) that this
script creates and fills with optuna==5.0.0 (or the newest there is, said so) when it has none; never the system's
Python.

    python3 src/bench/tpe_benchmark.py [--seeds 20] [--evals 100] [--batch 4] [--venv DIR] [--skip-timing]
"""
import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
OPTUNA_VERSION = "5.0.0"


def ensure_optuna(venv):
    """Re-runs this script inside the virtual environment, creating it and installing Optuna when needed: optuna==5.0.0
    from the package index, else the newest there (said so)."""
    if os.environ.get("TPE_BENCH_IN_VENV") == "1":
        return
    python = os.path.join(venv, "bin", "python")
    pip = [python, "-m", "pip", "install", "-q", "--retries", "2", "--timeout", "30"]
    if not os.path.exists(python):
        subprocess.check_call([sys.executable, "-m", "venv", venv])
    has = lambda: subprocess.run([python, "-c", "import optuna"], capture_output=True).returncode == 0
    if not has() and subprocess.run(pip + ["optuna==" + OPTUNA_VERSION]).returncode != 0:
        print(f"optuna=={OPTUNA_VERSION} not installable here; trying the newest", file=sys.stderr)
        if subprocess.run(pip + ["optuna"]).returncode != 0:
            sys.exit("Optuna cannot be installed into " + venv + " (no package index reachable?)")
    os.environ["TPE_BENCH_IN_VENV"] = "1"
    os.execv(python, [python] + sys.argv)


# --- the functions: (name, dims, f, minimum) with dims as Hypergrid's TpeBench takes them ---

def branin(x):
    x1, x2 = x
    b, c, r, s, t = 5.1 / (4 * math.pi ** 2), 5 / math.pi, 6, 10, 1 / (8 * math.pi)
    return (x2 - b * x1 ** 2 + c * x1 - r) ** 2 + s * (1 - t) * math.cos(x1) + s


HARTMANN_A = [[10, 3, 17, 3.5, 1.7, 8], [0.05, 10, 17, 0.1, 8, 14], [3, 3.5, 1.7, 10, 17, 8], [17, 8, 0.05, 10, 0.1, 14]]
HARTMANN_P = [[1312, 1696, 5569, 124, 8283, 5886], [2329, 4135, 8307, 3736, 1004, 9991],
              [2348, 1451, 3522, 2883, 3047, 6650], [4047, 8828, 8732, 5743, 1091, 381]]
HARTMANN_ALPHA = [1.0, 1.2, 3.0, 3.2]


def hartmann6(x):
    total = 0.0
    for i in range(4):
        inner = sum(HARTMANN_A[i][j] * (x[j] - HARTMANN_P[i][j] * 1e-4) ** 2 for j in range(6))
        total += HARTMANN_ALPHA[i] * math.exp(-inner)
    return -total


def rosenbrock4(x):
    f = sum(100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2 for i in range(3))
    return math.log1p(f)


MIXED_PENALTY = [0.0, 0.3, 0.1, 0.6]


def mixed(x):
    """Like Hypergrid's space: lambda and eta log-scaled, a batch size as a choice of 4."""
    lam, eta, batch = x
    return (math.log10(lam) + 2) ** 2 / 4 + (math.log10(eta) + 2.5) ** 2 + MIXED_PENALTY[int(batch)]


FUNCTIONS = [
    ("branin", [{"low": -5, "high": 10}, {"low": 0, "high": 15}], branin, 0.397887357729738),
    ("hartmann6", [{"low": 0, "high": 1}] * 6, hartmann6, -3.32236801141551),
    ("rosenbrock4 log(1+f)", [{"low": -5, "high": 10}] * 4, rosenbrock4, 0.0),
    ("mixed (2 log reals + choice of 4)", [{"low": 1e-4, "high": 1, "log": True}, {"low": 1e-4, "high": 0.1, "log": True},
                                           {"choices": 4}], mixed, 0.0),
]


class Hypergrid:
    """The JVM serving TpeBench."""

    def __init__(self):
        cp_file = os.path.join(ROOT, "target", "bench-classpath.txt")
        subprocess.check_call([os.path.join(ROOT, "mvnw"), "-B", "-ntp", "-q", "test-compile",
                               "dependency:build-classpath", "-Dmdep.outputFile=" + cp_file,
                               "-Dmdep.includeScope=test"], cwd=ROOT)
        with open(cp_file) as f:
            deps = f.read().strip()
        self.classpath = os.pathsep.join([os.path.join(ROOT, "target", "test-classes"),
                                          os.path.join(ROOT, "target", "classes"), deps])
        self.proc = subprocess.Popen(["java"] + os.environ.get("TPE_BENCH_JAVA_OPTS", "").split() + ["-cp", self.classpath, "io.hypergrid.search.strategy.TpeBench", "serve"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, bufsize=1)

    def call(self, request):
        self.proc.stdin.write(json.dumps(request) + "\n")
        self.proc.stdin.flush()
        return json.loads(self.proc.stdout.readline())

    def run(self, method, dims, f, seed, evals, batch):
        self.call({"op": "new", "method": method, "seed": seed, "dims": dims})
        values = []
        while len(values) < evals:
            points = self.call({"op": "ask", "n": min(batch, evals - len(values))})["points"]
            ys = [f(p) for p in points]
            self.call({"op": "tell", "values": ys})
            values.extend(ys)
        return values

    def timing(self):
        out = subprocess.run(["java", "-cp", self.classpath, "io.hypergrid.search.strategy.TpeBench", "time"],
                             capture_output=True, text=True, check=True).stdout
        return out


def optuna_distributions(dims):
    import optuna
    out = {}
    for i, d in enumerate(dims):
        if "choices" in d:
            out[f"x{i}"] = optuna.distributions.CategoricalDistribution(list(range(d["choices"])))
        else:
            out[f"x{i}"] = optuna.distributions.FloatDistribution(d["low"], d["high"], log=d.get("log", False))
    return out


def optuna_run(dims, f, seed, evals, batch):
    import optuna
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(multivariate=True, constant_liar=True, seed=seed)
    study = optuna.create_study(sampler=sampler)
    dists = optuna_distributions(dims)
    values = []
    while len(values) < evals:
        trials = [study.ask(dists) for _ in range(min(batch, evals - len(values)))]
        for t in trials:
            y = f([t.params[f"x{i}"] for i in range(len(dims))])
            study.tell(t, y)
            values.append(y)
    return values


def regret_after(values, minimum, n):
    return min(values[:n]) - minimum


def quartiles(xs):
    q = statistics.quantiles(xs, n=4, method="inclusive")
    return q[0], statistics.median(xs), q[2]


def optuna_timing(sizes, repeats=20):
    """Optuna's proposal time on the same space as TpeBench time: eta log, lambda linear, batch size of 4."""
    import optuna
    import random
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    dists = {"eta": optuna.distributions.FloatDistribution(1e-4, 0.1, log=True),
             "lambda": optuna.distributions.FloatDistribution(0, 1),
             "batch": optuna.distributions.CategoricalDistribution([10, 50, 100, 1000])}
    rng = random.Random(7)
    rows = []
    for size in sizes:
        study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(
            multivariate=True, constant_liar=True, seed=1))
        for _ in range(size):
            params = {"eta": 10 ** rng.uniform(-4, -1), "lambda": rng.uniform(0, 1), "batch": rng.choice([10, 50, 100, 1000])}
            e = math.log10(params["eta"]) + 2
            value = 1 - e * e / 4 - (params["lambda"] - 0.1) ** 2 - (0 if params["batch"] == 100 else 0.2)
            study.add_trial(optuna.trial.create_trial(params=params, distributions=dists, value=value))
        times = []
        for _ in range(repeats):
            t0 = time.perf_counter()
            trial = study.ask(dists)
            times.append((time.perf_counter() - t0) * 1000)
            study.tell(trial, state=optuna.trial.TrialState.FAIL)  # not counted: the history stays at `size`
        times.sort()
        rows.append((size, statistics.median(times), times[int(len(times) * 0.95) - 1]))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--evals", type=int, default=100)
    parser.add_argument("--batch", type=int, default=4)
    parser.add_argument("--venv", default=os.path.join(os.path.expanduser("~"), ".cache", "hypergrid", "venv-optuna"))
    parser.add_argument("--skip-timing", action="store_true")
    args = parser.parse_args()
    ensure_optuna(args.venv)
    import optuna
    print(f"optuna {optuna.__version__}; {args.seeds} seeds, {args.evals} evaluations, {args.batch} asked before told;"
          f" load average before: {os.getloadavg()[0]:.2f}")
    hypergrid = Hypergrid()
    checkpoints = [n for n in (25, 50, 100) if n <= args.evals]
    methods = ["hypergrid tpe", "optuna tpe", "random"]
    summary = {}
    for name, dims, f, minimum in FUNCTIONS:
        regrets = {m: {n: [] for n in checkpoints} for m in methods}
        for seed in range(args.seeds):
            runs = {"hypergrid tpe": hypergrid.run("tpe", dims, f, seed, args.evals, args.batch),
                    "optuna tpe": optuna_run(dims, f, seed, args.evals, args.batch),
                    "random": hypergrid.run("random", dims, f, seed, args.evals, args.batch)}
            for m in methods:
                for n in checkpoints:
                    regrets[m][n].append(regret_after(runs[m], minimum, n))
        print(f"\n{name}: simple regret, median [interquartile range] over {args.seeds} seeds")
        print(f"  {'method':<14}" + "".join(f"{'after ' + str(n):>30}" for n in checkpoints))
        for m in methods:
            cells = []
            for n in checkpoints:
                q1, med, q3 = quartiles(regrets[m][n])
                cells.append(f"{med:10.4g} [{q1:.3g}, {q3:.3g}]")
            print(f"  {m:<14}" + "".join(f"{c:>30}" for c in cells))
        summary[name] = {m: statistics.median(regrets[m][checkpoints[-1]]) for m in methods}
    last = checkpoints[-1]
    print(f"\nmedian regret after {last}: hypergrid tpe <= optuna tpe on "
          f"{sum(s['hypergrid tpe'] <= s['optuna tpe'] for s in summary.values())} of {len(summary)} functions;"
          f" hypergrid tpe < random on {sum(s['hypergrid tpe'] < s['random'] for s in summary.values())} of {len(summary)}")
    if not args.skip_timing:
        print("\nproposal time, Hypergrid (TpeStrategy.nextPoints from the trials as the queue reads them, 4 running):")
        print(hypergrid.timing().rstrip())
        print("proposal time, Optuna TPESampler(multivariate=True, constant_liar=True), study.ask on the same space:")
        print("finished trials | median ms per proposal | p95 ms")
        for size, med, p95 in optuna_timing([100, 500, 1000]):
            print(f"{size:15d} | {med:22.3f} | {p95:6.3f}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")
    hypergrid.proc.stdin.close()
    hypergrid.proc.wait()


if __name__ == "__main__":
    main()
