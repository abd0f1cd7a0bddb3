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
       robustness.py exported FOLDER   reads FOLDER/returns.csv (`backlab export-returns`: a date
                                       column, then one column per grid point), writes
                                       FOLDER/expected.json with the figures results.json reports
"""

import csv
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
TIE_TOLERANCE = 1e-12  # closer than this, n*, its rank or the sign of its Sharpe is up to rounding
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


def nearest_tie(values: np.ndarray, at: int) -> float:
    """The smallest relative gap between values[at] and another value that is not exactly equal.

    Exact ties follow the stated rules (the first maximum, average ranks) in any implementation;
    a gap at the rounding level (two runs whose returns are equal as real numbers but not bit for
    bit) decides n* or its rank by the order of the additions, which no independent computation
    can reproduce.
    """
    others = np.delete(values, at)
    gaps = np.abs(others - values[at]) / np.maximum(np.abs(others), abs(values[at]))
    gaps = gaps[gaps > 0]
    return float(gaps.min()) if gaps.size else float("inf")


def cscv(matrix: np.ndarray, blocks: int) -> dict:
    t, n = matrix.shape
    size = t // blocks
    rows = matrix[t - size * blocks :]  # the t mod S oldest rows are left out
    parts = [rows[b * size : (b + 1) * size] for b in range(blocks)]
    logits, best_runs, is_sr, oos_sr = [], [], [], []
    tie_is, tie_oos, zero_oos = float("inf"), float("inf"), float("inf")
    exact_is, exact_oos = 0, 0
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
        tie_is = min(tie_is, nearest_tie(r_is, best))
        tie_oos = min(tie_oos, nearest_tie(r_oos, best))
        zero_oos = min(zero_oos, abs(float(r_oos[best])))
        exact_is += int(np.count_nonzero(r_is == r_is[best]) > 1)
        exact_oos += int(np.count_nonzero(r_oos == r_oos[best]) > 1)
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
        # The splits in which n* ties exactly with another run (the tie rules decide), and over the
        # splits how close, short of a tie, n* came to another run in sample (relative), its
        # out-of-sample Sharpe to another run's (relative: its rank) and to 0 (the loss).
        "ties": {
            "in_sample_exact": exact_is,
            "out_of_sample_exact": exact_oos,
            "in_sample_nearest": tie_is,
            "out_of_sample_nearest": tie_oos,
            "out_of_sample_nearest_zero": zero_oos,
        },
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


def exported(folder: Path) -> None:
    """The robustness figures of a grid from Backlab's exported daily returns.

    N is the number of columns: a study built once, from a fresh ledger, has evaluated exactly its
    grid. The best run is the column with the highest Sharpe ratio (the first maximum), which is
    the best run of a study whose objective is sharpe_ratio and which has no `require`.
    """
    with open(folder / "returns.csv", newline="") as file:
        rows = list(csv.reader(file))
    header, body = rows[0], rows[1:]
    if header[0] != "date" or any(name != f"run_{k}" for k, name in enumerate(header[1:], start=1)):
        sys.exit(f"{folder / 'returns.csv'}: the header is not date,run_1,...,run_N")
    # T x N; float() reads each shortest round-trip form back to Backlab's double exactly.
    matrix = np.array([[float(x) for x in row[1:]] for row in body])
    t, n = matrix.shape
    for j in range(n):
        if np.std(matrix[:, j]) == 0:
            # The papers give such a trial no Sharpe ratio; V and the ranks would need a convention.
            sys.exit(f"{header[j + 1]} has returns without variance: choose a grid whose every run trades")
    sharpes = np.array([sharpe(matrix[:, j]) for j in range(n)])
    best = int(np.argmax(sharpes))  # the first maximum
    x = matrix[:, best]
    sr = float(sharpes[best])
    skew = float(stats.skew(x, bias=True))
    kurt = float(stats.kurtosis(x, fisher=False, bias=True))
    variance = float(np.var(sharpes, ddof=1))
    sr0 = expected_maximum_sharpe(n, variance)
    pbo = cscv(matrix, 16)
    document = {
        "source": "scripts/reference/robustness.py exported, from returns.csv",
        "returns": t,
        "trials": n,
        "best_run": best + 1,  # the run number, as in the column's header and results.json
        "first_date": body[0][0],
        "last_date": body[-1][0],
        "sharpe": sr,
        "skewness": skew,
        "kurtosis": kurt,
        "probabilistic_sharpe_ratio": psr(sr, 0.0, skew, kurt, t),
        "sharpe_variance": variance,
        "expected_maximum_sharpe": sr0,
        "deflated_sharpe_ratio": psr(sr, sr0, skew, kurt, t),
        "overfitting": {
            "blocks": pbo["blocks"],
            "splits": pbo["splits"],
            "pbo": pbo["pbo"],
            "probability_of_loss": pbo["probability_of_loss"],
            "degradation_slope": pbo["degradation_slope"],
            "degradation_intercept": pbo["degradation_intercept"],
            "overfit_splits": int(round(pbo["pbo"] * pbo["splits"])),
            "loss_splits": int(round(pbo["probability_of_loss"] * pbo["splits"])),
            "ties": pbo["ties"],
        },
    }
    (folder / "expected.json").write_text(json.dumps(document, indent=1) + "\n")
    ties = pbo["ties"]
    ambiguous = {name: gap for name, gap in ties.items() if "nearest" in name and gap < TIE_TOLERANCE}
    if ambiguous:
        # Written anyway, to look at; but PBO's counts here would be decided by rounding.
        where = folder / "expected.json"
        sys.exit(f"{where}: splits decided by rounding (nearest ties {ambiguous}); choose another grid")


if __name__ == "__main__":
    {"generate": generate, "compute": compute, "exported": exported}[sys.argv[1]](Path(sys.argv[2]))
