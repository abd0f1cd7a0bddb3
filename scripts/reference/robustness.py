"""Independent reference for Backlab's overfitting statistics (PSR, DSR, PBO by CSCV).

Written from the papers, not from Backlab's Swift code:
- Bailey and López de Prado, "The Sharpe Ratio Efficient Frontier" (2012): PSR.
- Bailey and López de Prado, "The Deflated Sharpe Ratio" (2014): SR0 and DSR.
- Bailey, Borwein, López de Prado and Zhu, "The Probability of Backtest Overfitting" (2017),
  algorithm 2.3: CSCV, computed here the direct way, from the T x N matrix of returns.

Conventions (the same as docs/robustness.md): per-period figures, nothing annualised; Sharpe =
mean / std with ddof = 1; skewness and kurtosis from the ddof = 0 central moments, kurtosis
non-excess; V = variance of the trials' Sharpe ratios with ddof = 1; the T mod S leading rows are
left out; splits in lexicographic order of the in-sample blocks; n* = the first maximum; average
ranks for ties, ascending; omega = rank / (N + 1); PBO = share of logits <= 0; a segment without
variance has Sharpe 0.

Usage: robustness.py generate FOLDER   writes FOLDER/returns.json (seeded numpy)
       robustness.py compute FOLDER    reads it, writes FOLDER/expected.json
"""

import itertools
import json
import sys
from pathlib import Path

import numpy as np
from scipy import stats

SEED = 20240901
CONFIGURATIONS = 12
DAYS = 487  # not a multiple of 16 or 10: the leading-remainder rule is exercised
BLOCK_COUNTS = [16, 10]
DETAILED_SPLITS = 300  # per-split values written for the first splits only, to keep the file small


def generate(folder: Path) -> None:
    rng = np.random.default_rng(SEED)
    columns = []
    for k in range(CONFIGURATIONS):
        drift = 0.0002 * (k - 4)
        if k % 3 == 0:
            noise = rng.normal(0.0, 0.01, DAYS)
        elif k % 3 == 1:
            noise = 0.006 * rng.standard_t(4, DAYS)  # fat tails
        else:
            raw = rng.lognormal(0.0, 0.6, DAYS)  # right skew, centred
            noise = 0.008 * (raw - np.exp(0.18))
        column = drift + noise
        if k == 5:
            column = -column  # left skew
        columns.append([float(x) for x in column])
    document = {"seed": SEED, "generator": "numpy.random.default_rng", "returns": columns}
    (folder / "returns.json").write_text(json.dumps(document, indent=None) + "\n")


def sharpe(x: np.ndarray) -> float:
    sd = np.std(x, ddof=1)
    return 0.0 if sd == 0 else float(np.mean(x) / sd)


def psr(sr: float, benchmark: float, skew: float, kurt: float, t: int) -> float:
    """PSR(SR*) = Phi((SR - SR*) sqrt(T - 1) / sqrt(1 - g3 SR + (g4 - 1)/4 SR^2))."""
    denominator = np.sqrt(1.0 - skew * sr + (kurt - 1.0) / 4.0 * sr * sr)
    return float(stats.norm.cdf((sr - benchmark) * np.sqrt(t - 1.0) / denominator))


def expected_maximum_sharpe(trials: int, variance: float) -> float:
    """SR0 = sqrt(V) ((1 - gamma) Phi^-1(1 - 1/N) + gamma Phi^-1(1 - 1/(N e)))."""
    gamma = np.euler_gamma
    bracket = (1 - gamma) * stats.norm.ppf(1 - 1 / trials) + gamma * stats.norm.ppf(1 - 1 / (trials * np.e))
    return float(np.sqrt(variance) * bracket)


def cscv(matrix: np.ndarray, blocks: int) -> dict:
    t, n = matrix.shape
    size = t // blocks
    rows = matrix[t - size * blocks :]  # the t mod S oldest rows are left out
    parts = [rows[b * size : (b + 1) * size] for b in range(blocks)]
    logits, best_runs, is_sr, oos_sr = [], [], [], []
    for chosen in itertools.combinations(range(blocks), blocks // 2):
        train = np.concatenate([parts[b] for b in chosen])
        test = np.concatenate([parts[b] for b in range(blocks) if b not in chosen])
        r_is = np.array([sharpe(train[:, j]) for j in range(n)])
        r_oos = np.array([sharpe(test[:, j]) for j in range(n)])
        best = int(np.argmax(r_is))  # the first maximum
        rank = stats.rankdata(r_oos, method="average")[best]  # ascending: the best is n
        omega = rank / (n + 1)
        logits.append(float(np.log(omega / (1 - omega))))
        best_runs.append(best)
        is_sr.append(float(r_is[best]))
        oos_sr.append(float(r_oos[best]))
    x, y = np.array(is_sr), np.array(oos_sr)
    slope = float(np.sum((x - x.mean()) * (y - y.mean())) / np.sum((x - x.mean()) ** 2))
    k = DETAILED_SPLITS
    return {
        "blocks": blocks,
        "splits": len(logits),
        "pbo": float(np.mean(np.array(logits) <= 0)),
        "probability_of_loss": float(np.mean(y < 0)),
        "degradation_slope": slope,
        "degradation_intercept": float(y.mean() - slope * x.mean()),
        "logit_sum": float(np.sum(logits)),
        "logit_sum_of_squares": float(np.sum(np.square(logits))),
        "logits": logits[:k],
        "best_runs": best_runs[:k],
        "in_sample_sharpe": is_sr[:k],
        "out_of_sample_sharpe": oos_sr[:k],
    }


def compute(folder: Path) -> None:
    columns = json.loads((folder / "returns.json").read_text())["returns"]
    matrix = np.array(columns).T  # T x N
    t, n = matrix.shape
    runs = []
    for j in range(n):
        x = matrix[:, j]
        sr = sharpe(x)
        skew = float(stats.skew(x, bias=True))
        kurt = float(stats.kurtosis(x, fisher=False, bias=True))
        runs.append({"sharpe": sr, "skewness": skew, "kurtosis": kurt, "psr0": psr(sr, 0.0, skew, kurt, t)})
    sharpes = np.array([r["sharpe"] for r in runs])
    best = int(np.argmax(sharpes))
    variance = float(np.var(sharpes, ddof=1))
    sr0 = expected_maximum_sharpe(n, variance)
    chosen = runs[best]
    document = {
        "count": t,
        "runs": runs,
        "best_run": best,
        "trials": n,
        "sharpe_variance": variance,
        "expected_maximum_sharpe": sr0,
        "deflated_sharpe": psr(chosen["sharpe"], sr0, chosen["skewness"], chosen["kurtosis"], t),
        "cscv": [cscv(matrix, s) for s in BLOCK_COUNTS],
    }
    (folder / "expected.json").write_text(json.dumps(document) + "\n")


if __name__ == "__main__":
    {"generate": generate, "compute": compute}[sys.argv[1]](Path(sys.argv[2]))
