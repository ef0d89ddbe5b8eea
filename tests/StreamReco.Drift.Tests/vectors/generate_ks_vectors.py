#!/usr/bin/python3
"""Generates ks_2samp_vectors.json: reference results of scipy.stats.ks_2samp and kstwo.sf.

Run with Debian's python (scipy 1.10.1):  /usr/bin/python3 generate_ks_vectors.py
Deterministic: every random sample comes from a seeded numpy Generator, floats are written with
repr (shortest round-trip form) and keys in a fixed order, so re-running reproduces the file byte-for-byte.

Large samples are written as an arithmetic grid {start, step, count} (value_i = start + step * i, evaluated in
IEEE double both here and in C#) to keep the file small; small and medium samples are written value by value.
"""
import json
import os
import warnings

import numpy as np
import scipy
from scipy import stats

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "ks_2samp_vectors.json")


def grid(start, step, count):
    return {"grid": {"start": float(start), "step": float(step), "count": int(count)}}


def materialise(spec):
    if "grid" in spec:
        g = spec["grid"]
        return np.array([g["start"] + g["step"] * i for i in range(g["count"])], dtype=np.float64)
    return np.array(spec["values"], dtype=np.float64)


def values(arr):
    return {"values": [float(v) for v in arr]}


def run_case(name, xs, ys):
    x = materialise(xs)
    y = materialise(ys)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        res = stats.ks_2samp(x, y, alternative="two-sided", method="auto")
    method = "exact" if max(len(x), len(y)) <= 10000 else "asymp"
    if any("Switching to method" in str(w.message) for w in caught):
        method = "exact-fallback-asymp"
    return {
        "name": name,
        "n1": int(len(x)),
        "n2": int(len(y)),
        "method": method,
        "statistic": float(res.statistic),
        "pvalue": float(res.pvalue),
        "x": xs,
        "y": ys,
    }


def two_sample_cases():
    rng = np.random.default_rng(20240611)
    cases = []

    def add(name, xs, ys):
        cases.append(run_case(name, xs, ys))

    # Tiny samples, exact path.
    add("tiny_1_vs_1", values([0.0]), values([1.0]))
    add("tiny_1_vs_1_identical", values([3.5]), values([3.5]))
    add("tiny_1_vs_3", values([0.5]), values([0.1, 0.7, 0.9]))
    add("tiny_2_vs_3_interleaved", values([0.2, 0.8]), values([0.1, 0.5, 0.9]))
    add("tiny_3_vs_4_disjoint", values([1.0, 2.0, 3.0]), values([4.0, 5.0, 6.0, 7.0]))
    add("tiny_5_vs_5_disjoint", values(range(5)), values(range(10, 15)))
    for n1, n2 in [(3, 7), (5, 8), (8, 12), (10, 10), (13, 29), (20, 20), (37, 41), (50, 75)]:
        add(f"normal_{n1}_vs_{n2}", values(rng.normal(0, 1, n1)), values(rng.normal(0.3, 1, n2)))
    # Medium exact sizes including coprime and equal sizes, null and shifted.
    for n1, n2, shift in [(100, 100, 0.0), (100, 100, 0.5), (150, 151, 0.0), (200, 300, 0.2), (499, 500, 0.1),
                          (1000, 1000, 0.05), (1000, 1200, 0.0), (777, 2000, 0.3), (3000, 2999, 0.05)]:
        add(f"normal_{n1}_vs_{n2}_shift_{shift}", values(rng.normal(0, 1, n1)), values(rng.normal(shift, 1, n2)))
    # Ties: integer-valued data (heavy ties within and across samples).
    add("ties_poisson_40_vs_60", values(rng.poisson(3, 40)), values(rng.poisson(3, 60)))
    add("ties_poisson_300_vs_250", values(rng.poisson(2, 300)), values(rng.poisson(2.4, 250)))
    add("ties_binary_100_vs_80", values(rng.integers(0, 2, 100)), values(rng.integers(0, 2, 80)))
    add("ties_rounded_2000_vs_1500", values(np.round(rng.normal(0, 1, 2000), 1)),
        values(np.round(rng.normal(0.1, 1, 1500), 1)))
    # Identical samples: D = 0, p = 1.
    same = rng.normal(0, 1, 64)
    add("identical_64", values(same), values(same))
    add("identical_constant_30_vs_45", values([2.0] * 30), values([2.0] * 45))
    # Disjoint samples: D = 1 and very small exact p-values.
    add("disjoint_50_vs_50", values(rng.uniform(0, 1, 50)), values(rng.uniform(2, 3, 50)))
    add("disjoint_200_vs_300", values(rng.uniform(0, 1, 200)), values(rng.uniform(2, 3, 300)))
    add("disjoint_400_vs_600", values(rng.uniform(0, 1, 400)), values(rng.uniform(2, 3, 600)))
    add("disjoint_500_vs_500", values(rng.uniform(0, 1, 500)), values(rng.uniform(2, 3, 500)))
    # Very small but not extreme exact p-values.
    add("strong_shift_300_vs_400", values(rng.normal(0, 1, 300)), values(rng.normal(1.5, 1, 400)))
    add("strong_shift_2000_vs_2500", values(rng.normal(0, 1, 2000)), values(rng.normal(0.8, 1, 2500)))
    # Boundary of method='auto': 10000 (exact) vs 10001 (asymptotic).
    add("exact_boundary_10000_vs_37", grid(0.0, 1e-4, 10000), values(rng.uniform(0, 1, 37)))
    add("exact_boundary_10000_vs_10000_shift", grid(0.0, 1e-4, 10000), grid(0.013, 1e-4, 10000))
    add("exact_boundary_10000_vs_9999_shift", grid(0.0, 1e-4, 10000), grid(0.02, 1.0001e-4, 9999))
    add("asymp_boundary_10001_vs_37", grid(0.0, 1e-4, 10001), values(rng.uniform(0, 1, 37)))
    # Asymptotic path: one side > 10000; N = round(n1*n2/(n1+n2)) spans every branch of kstwo.sf.
    add("asymp_20000_vs_1", grid(0.0, 5e-5, 20000), values([0.5]))
    add("asymp_20000_vs_2", grid(0.0, 5e-5, 20000), values([0.2, 0.3]))
    add("asymp_20000_vs_5_extreme", grid(0.0, 5e-5, 20000), values([1.5, 1.6, 1.7, 1.8, 1.9]))
    add("asymp_15000_vs_12_null", grid(0.0, 1 / 15000, 15000), values(rng.uniform(0, 1, 12)))
    add("asymp_15000_vs_100_null", grid(0.0, 1 / 15000, 15000), values(rng.uniform(0, 1, 100)))
    add("asymp_15000_vs_140_shift", grid(0.0, 1 / 15000, 15000), values(rng.uniform(0.1, 1, 140)))
    add("asymp_12000_vs_300_null", grid(0.0, 1 / 12000, 12000), values(rng.uniform(0, 1, 300)))
    add("asymp_12000_vs_300_shift", grid(0.0, 1 / 12000, 12000), values(rng.uniform(0.15, 1, 300)))
    add("asymp_12000_vs_2000_null", grid(0.0, 1 / 12000, 12000), values(rng.uniform(0, 1, 2000)))
    add("asymp_12000_vs_2000_small_shift", grid(0.0, 1 / 12000, 12000), values(rng.uniform(0.03, 1.03, 2000)))
    add("asymp_12000_vs_2000_large_shift", grid(0.0, 1 / 12000, 12000), values(rng.uniform(0.3, 1.3, 2000)))
    add("asymp_12000_vs_2000_disjoint", grid(0.0, 1 / 12000, 12000), values(rng.uniform(2, 3, 2000)))
    add("asymp_11000_vs_5000_ties", grid(0.0, 1.0, 11000), values(rng.integers(0, 11000, 5000)))
    # Both sides large: N in the thousands; tiny through moderate D.
    for n1, n2, offset in [(20000, 30000, 0.0), (20000, 30000, 0.002), (20000, 30000, 0.008),
                           (20000, 30000, 0.02), (20000, 30000, 0.2), (40000, 25000, 0.0005),
                           (60000, 60000, 0.01), (60000, 60000, 0.03), (60000, 60000, 0.05)]:
        add(f"asymp_grid_{n1}_vs_{n2}_offset_{offset}", grid(0.0, 1 / n1, n1), grid(offset, 1 / n2, n2))
    add("asymp_grid_400000_vs_300000_offset_0.0002", grid(0.0, 1 / 400000, 400000), grid(0.0002, 1 / 300000, 300000))
    add("asymp_grid_400000_vs_300000_offset_0.004", grid(0.0, 1 / 400000, 400000), grid(0.004, 1 / 300000, 300000))
    return cases


def kstwo_cases():
    """kstwo.sf(d, n) directly: every branch of the Simard-L'Ecuyer selection and the edges between them."""
    out = []
    ns = [1, 2, 3, 5, 10, 37, 100, 140, 141, 500, 1000, 5000, 10000, 99999, 100000, 100001, 250000, 999999, 1000000,
          1000001, 3000000]
    targets = [0.1, 0.3, 0.6, 0.754, 0.755, 1.0, 1.5, 2.19, 2.21, 3.0, 3.99, 4.01, 6.0, 12.0, 17.9, 18.1, 50.0,
               200.0, 350.0, 354.0, 356.0, 369.0, 371.0]
    # Above n = 10^5 the Smirnov sums cost O(n) each; a few points per branch keep the C# test fast.
    big_n_targets = [0.3, 1.0, 2.21, 371.0]
    for n in ns:
        ds = set()
        for nx2 in (targets if n <= 100001 else big_n_targets):
            d = float(np.sqrt(nx2 / n))
            if 0.5 / n < d < 1.0:
                ds.add(d)
        for t in [0.5000001, 0.6, 0.9, 1.0, 1.3, n - 1.0, n - 0.5]:
            d = t / n
            if 0.5 / n < d < 1.0:
                ds.add(float(d))
        for d in [0.3, 0.5, 0.51, 0.75, 0.99]:
            if 0.5 / n < d < 1.0:
                ds.add(d)
        # n*d**1.5 around 1.4 (switch between the matrix method and Pelz-Good for n > 140).
        for c in [1.3, 1.39, 1.41, 1.5]:
            d = float((c / n) ** (2.0 / 3.0))
            if 0.5 / n < d < 1.0:
                ds.add(d)
        for d in sorted(ds):
            out.append({"n": n, "d": d, "sf": float(stats.kstwo.sf(d, n))})
    return out


def main():
    doc = {
        "generator": "tests/StreamReco.Drift.Tests/vectors/generate_ks_vectors.py",
        "scipy_version": scipy.__version__,
        "numpy_version": np.__version__,
        "two_sample": two_sample_cases(),
        "kstwo_sf": kstwo_cases(),
    }
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        json.dump(doc, f, indent=None, separators=(",", ":"))
        f.write("\n")


if __name__ == "__main__":
    main()
