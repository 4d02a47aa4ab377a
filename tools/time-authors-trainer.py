#!/usr/bin/env python3
"""Time the authors' numpy trainer on the same digits and shapes as `bifurcations bench --scaling`.

The "x authors" column of the benchmark divides the authors' cost per epoch by ours. This script measures that
cost on the machine at hand. It imports the trainer (`KrotovNet.train_cycle` in main_module/KrotovV2.py) from a
checkout of the authors' repository given on the command line and runs it unchanged; nothing of theirs is copied
here. Only numpy is needed: their module imports matplotlib for plotting, which is replaced by an empty stand-in.

Usage:
    git clone https://github.com/nacer-eb/KrotovHopfieldWaddington /path/to/authors
    bifurcations export-mnist --out /tmp/idx60 --count 60000
    OPENBLAS_NUM_THREADS=2 python3 tools/time-authors-trainer.py /path/to/authors /tmp/idx60 100,200,20 100,2000,4

Each shape is K,P,EPOCHS: K memories, the first P digits of the IDX folder as one full batch (the paper's rule:
momentum 0, max-norm renormalization, n = m = 30, T = 700, rate 0.01), timed for EPOCHS epochs. Prints the
fastest and the median epoch and the median cost per digit, and with --csv writes them as a table.
"""
import argparse
import csv
import gzip
import os
import sys
import time
import types

import numpy as np


def read_idx(path: str) -> np.ndarray:
    """An IDX file of unsigned bytes, gzipped (name.gz) or raw (name), whichever is there."""
    if not os.path.exists(path) and path.endswith(".gz") and os.path.exists(path[:-3]):
        path = path[:-3]
    with (gzip.open(path) if path.endswith(".gz") else open(path, "rb")) as f:
        data = f.read()
    if len(data) < 4 or data[0] != 0 or data[1] != 0 or data[2] != 8:
        sys.exit(f"{path}: not an IDX file of unsigned bytes")
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_trainer(repo: str):
    """The authors' KrotovNet class, with matplotlib stubbed (only plotting uses it)."""
    module_dir = os.path.join(repo, "main_module")
    if not os.path.isfile(os.path.join(module_dir, "KrotovV2.py")):
        sys.exit(f"{repo}: no main_module/KrotovV2.py (is it a checkout of nacer-eb/KrotovHopfieldWaddington?)")
    for name in ("matplotlib", "matplotlib.pyplot"):
        stub = types.ModuleType(name)
        stub.rc = lambda *args, **kwargs: None
        sys.modules[name] = stub
    sys.modules["matplotlib"].pyplot = sys.modules["matplotlib.pyplot"]
    sys.path.insert(0, repo)
    # Their utilities create ../mnist_data relative to the working folder on import; keep that inside a temp folder.
    here = os.getcwd()
    scratch = os.path.join(os.environ.get("TMPDIR", "/tmp"), "authors-trainer-cwd", "run")
    os.makedirs(scratch, exist_ok=True)
    os.chdir(scratch)
    try:
        from main_module.KrotovV2 import KrotovNet
    finally:
        os.chdir(here)
    return KrotovNet


def network(trainer, k: int, rng: np.random.Generator):
    """A KrotovNet at the paper's settings without its constructor, which downloads MNIST through Keras."""
    net = object.__new__(trainer)
    net.N_C, net.N, net.K, net.nbMiniBatchs = 10, 784, k, 1
    net.n_deg, net.m_deg, net.temperature_beta = 30, 30, 700.0
    net.beta = 1.0 / np.power(net.temperature_beta, net.n_deg, dtype="double")
    net.train_momentum, net.train_rate, net.useClipping = 0.0, 0.01, False
    net.hiddenDetectors = rng.normal(-0.03, 0.03, (k, 10))
    net.visibleDetectors = rng.normal(-0.03, 0.03, (k, 784))
    net.dV_hiddenDetectors = np.zeros((k, 10))
    net.dV_visibleDetectors = np.zeros((k, 784))
    return net


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("repo", help="checkout of nacer-eb/KrotovHopfieldWaddington")
    parser.add_argument("mnist", help="folder with train-images-idx3-ubyte.gz and train-labels-idx1-ubyte.gz")
    parser.add_argument("shapes", nargs="+", help="K,P,EPOCHS")
    parser.add_argument("--csv", help="also write the table here")
    args = parser.parse_args()
    images = read_idx(os.path.join(args.mnist, "train-images-idx3-ubyte.gz")).reshape(-1, 784) / 255.0 * 2.0 - 1.0
    labels = read_idx(os.path.join(args.mnist, "train-labels-idx1-ubyte.gz"))
    trainer = load_trainer(args.repo)
    rng = np.random.default_rng(1)
    rows = []
    for shape in args.shapes:
        try:
            k, p, epochs = (int(x) for x in shape.split(","))
        except ValueError:
            sys.exit(f"shape {shape!r}: expected K,P,EPOCHS, three integers")
        if k < 1 or epochs < 1 or not 1 <= p <= len(images):
            sys.exit(f"shape {shape!r}: need K >= 1, EPOCHS >= 1 and 1 <= P <= {len(images)}")
        net = network(trainer, k, rng)
        v = images[:p][None, :, :]
        t = -np.ones((1, p, 10))
        t[0, np.arange(p), labels[:p]] = 1.0
        net.M = p
        times = []
        for _ in range(epochs):
            start = time.perf_counter()
            net.train_cycle(v, t, 0, 0)
            times.append(time.perf_counter() - start)
        times.sort()
        half = len(times) // 2
        median = times[half] if len(times) % 2 else (times[half - 1] + times[half]) / 2
        rows.append((k, p, epochs, times[0] * 1e3, median * 1e3, median / p * 1e3))
        print(f"K {k} P {p}: {epochs} epochs, fastest {times[0] * 1e3:.1f} ms, median {median * 1e3:.1f} ms per epoch, "
              f"{median / p * 1e3:.3f} ms per digit", flush=True)
    if args.csv:
        tmp = args.csv + ".tmp"
        with open(tmp, "w", newline="") as f:
            w = csv.writer(f)
            w.writerow(["K", "P", "epochs", "fastest_ms", "median_ms", "median_ms_per_digit"])
            w.writerows(rows)
        os.replace(tmp, args.csv)


if __name__ == "__main__":
    main()
