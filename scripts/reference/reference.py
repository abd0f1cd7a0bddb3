"""Independent reference results for Backlab's engine, from backtesting.py 0.6.6, empyrical,
quantstats and scipy.

For one case folder holding run.yaml (an SMA crossover with signal exit or a fixed-percentage
bracket, whole units) and data.csv (the bars Backlab's own synthetic source produced, written by
`backlab export-data`), runs the same strategy in backtesting.py and writes expected.json:
every closed trade, the open trade at the end, the final equity, and Sharpe, Sortino and
volatility computed by empyrical on the daily returns of the equity curve.

The second metrics set (docs/metrics.md) comes from the libraries' own functions on the same
equity and trades as Backlab's (the open trade closed at the last close with its fee, as
Backlab's `end` trade): backtesting.py's `compute_stats` for buy and hold, equity peak, average
drawdown and its duration, max trade duration and Kelly; empyrical for alpha, beta (against the
daily returns of buy and hold of the same bars), omega, tail ratio, value at risk and CVaR;
quantstats for the ulcer index; scipy's moments and normal CDF for the probabilistic Sharpe ratio.

Settings follow shared/REFERENCE-SEMANTICS.md: the crossover is written out (non-strict at t-1),
the bracket levels are set from the actual next-open fill price, and sizing is backtesting.py's
own "all available cash" in whole units.
"""
import hashlib
import json
import sys
from pathlib import Path

import empyrical
import numpy as np
import pandas as pd
import quantstats
import scipy
import yaml
from backtesting import Backtest, Strategy
from backtesting._stats import compute_stats
from importlib.metadata import version
from scipy import stats as scipy_stats


def load_bars(csv_path):
    df = pd.read_csv(csv_path)
    index = pd.to_datetime(df["timestamp"], utc=True).dt.tz_localize(None)
    bars = pd.DataFrame(
        {"Open": df["open"].values, "High": df["high"].values, "Low": df["low"].values,
         "Close": df["close"].values, "Volume": df["volume"].values},
        index=pd.DatetimeIndex(index))
    return bars


def rolling_mean(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


class SmaCrossReference(Strategy):
    fast = 10
    slow = 30
    stop_pct = 0.0
    target_pct = 0.0
    next_open = None  # the full Open column, to place the bracket at the real fill price

    def init(self):
        self.f = self.I(rolling_mean, self.data.Close, self.fast)
        self.s = self.I(rolling_mean, self.data.Close, self.slow)

    def next(self):
        i = len(self.data) - 1
        f, s = self.f, self.s
        if len(f) < 2:
            return
        up = f[-2] <= s[-2] and f[-1] > s[-1]
        down = f[-2] >= s[-2] and f[-1] < s[-1]
        if self.position:
            if down:
                self.position.close()
        elif up:
            order = self.buy()
            if self.stop_pct and i + 1 < len(self.next_open):
                fill = self.next_open[i + 1]
                # Levels relative to the fill price, set past buy()'s check against the close.
                order._replace(sl_price=fill * (1 - self.stop_pct), tp_price=fill * (1 + self.target_pct))


def second_set(closed, open_trade, equity, bars, fee, returns, benchmark, periods):
    """The second metrics set, each from its library, on Backlab's trades and equity."""
    trades = closed[["Size", "EntryBar", "ExitBar", "EntryPrice", "ExitPrice", "PnL", "ReturnPct"]].copy()
    if open_trade:
        # Backlab's `end` trade: the open trade closed at the last close, both fees paid, with
        # backtesting.py's own PnL and ReturnPct formulas.
        size, entry, exit_price = open_trade["size"], open_trade["entry_price"], float(bars["Close"].iloc[-1])
        commission = size * exit_price * fee + size * entry * fee
        trades.loc[len(trades)] = {
            "Size": size, "EntryBar": open_trade["entry_bar"], "ExitBar": len(bars) - 1, "EntryPrice": entry,
            "ExitPrice": exit_price, "PnL": size * (exit_price - entry) - commission,
            "ReturnPct": (exit_price / entry - 1) - commission / (size * entry)}
    trades = trades.astype({"EntryBar": np.int64, "ExitBar": np.int64})
    # Indexed by bar number, the durations compute_stats takes as index differences (drawdowns)
    # and ExitTime - EntryTime (trades) are counts of bars, not timedeltas. No strategy instance:
    # buy and hold starts at bar 0, the run's first bar, not after the indicators' warm-up.
    trades["EntryTime"], trades["ExitTime"] = trades["EntryBar"], trades["ExitBar"]
    trades["Duration"] = trades["ExitTime"] - trades["EntryTime"]
    by_bar = bars.reset_index(drop=True)
    s = compute_stats(trades=trades, equity=equity.to_numpy(), ohlc_data=by_bar, strategy_instance=None)

    r, b = returns.to_numpy(), benchmark.reindex(returns.index).to_numpy()
    assert len(r) == len(benchmark) and not np.isnan(b).any()
    alpha, beta = empyrical.alpha_beta(r, b, risk_free=0.0, annualization=periods)
    moments_sr = r.mean() / r.std(ddof=1)
    skew, kurt = scipy_stats.skew(r), scipy_stats.kurtosis(r, fisher=False)
    psr = scipy_stats.norm.cdf(moments_sr * np.sqrt(len(r) - 1) / np.sqrt(1 - skew * moments_sr + (kurt - 1) / 4 * moments_sr**2))
    return {
        "second_set_source": f"backtesting.py {version('backtesting')} compute_stats, empyrical-reloaded "
                             f"{version('empyrical-reloaded')}, quantstats {version('quantstats')}, scipy {scipy.__version__}",
        "trades_with_end": len(trades),
        "buy_and_hold_return": float(s["Buy & Hold Return [%]"]) / 100,
        "equity_peak": float(s["Equity Peak [$]"]),
        "avg_drawdown": -float(s["Avg. Drawdown [%]"]) / 100,
        "avg_drawdown_duration": float(s["Avg. Drawdown Duration"]),
        "max_trade_duration": int(s["Max. Trade Duration"]),
        "kelly_criterion": float(s["Kelly Criterion"]),
        "alpha": float(alpha),
        "beta": float(beta),
        "omega_ratio": float(empyrical.omega_ratio(r, risk_free=0.0, required_return=0.0, annualization=periods)),
        "tail_ratio": float(empyrical.tail_ratio(r)),
        "value_at_risk": float(empyrical.value_at_risk(r, cutoff=0.05)),
        "conditional_value_at_risk": float(empyrical.conditional_value_at_risk(r, cutoff=0.05)),
        "ulcer_index": float(quantstats.stats.ulcer_index(returns)),
        "probabilistic_sharpe_ratio": float(psr),
    }


def main(case_dir):
    case = Path(case_dir)
    config = yaml.safe_load((case / "run.yaml").read_text())
    csv_bytes = (case / "data.csv").read_bytes()
    bars = load_bars(case / "data.csv")
    fee = float(config["platform"]["fees_pct"])
    signal = config["strategy"]["signal_generator"]["params"]
    exit_planner = config["strategy"]["exit_planner"]
    params = dict(fast=int(signal["fast"]), slow=int(signal["slow"]), next_open=bars["Open"].to_numpy())
    if exit_planner["plugin"] == "fixed_percentage_exit":
        params.update(stop_pct=float(exit_planner["params"]["stop_pct"]), target_pct=float(exit_planner["params"]["target_pct"]))

    bt = Backtest(bars, SmaCrossReference, cash=float(config["platform"]["initial_capital"]), commission=fee,
                  spread=0.0, margin=1.0, trade_on_close=False, hedging=False, exclusive_orders=False,
                  finalize_trades=False)
    stats = bt.run(**params)

    trades = []
    for _, t in stats["_trades"].iterrows():
        trades.append({"entry_bar": int(t["EntryBar"]), "exit_bar": int(t["ExitBar"]), "size": float(t["Size"]),
                       "entry_price": float(t["EntryPrice"]), "exit_price": float(t["ExitPrice"]),
                       "pnl": float(t["PnL"]), "return": float(t["ReturnPct"])})

    strategy = stats["_strategy"]
    equity = stats["_equity_curve"]["Equity"].copy()
    last_close = float(bars["Close"].iloc[-1])
    open_trade = None
    open_trades = strategy._broker.trades
    if open_trades:
        t = open_trades[0]
        open_trade = {"entry_bar": int(t.entry_bar), "size": float(t.size), "entry_price": float(t.entry_price)}
        # Backlab closes it at the last close and pays the exit fee; backtesting.py does not.
        equity.iloc[-1] -= t.size * last_close * fee

    daily = equity.groupby(equity.index.normalize()).last()
    returns = daily.pct_change().dropna()
    benchmark = bars["Close"].groupby(bars.index.normalize()).last().pct_change().dropna()
    weekend = (bars.index.dayofweek >= 5).mean()
    periods = 365 if weekend > 0.17 else 252
    fast_sma, slow_sma = rolling_mean(bars["Close"], params["fast"]), rolling_mean(bars["Close"], params["slow"])
    expected = {
        "source": "backtesting.py 0.6.6 + empyrical-reloaded 0.7.1 (scripts/reference/reference.py)",
        "data_sha256": hashlib.sha256(csv_bytes).hexdigest(),
        "bars": len(bars),
        "exact_sma_ties": int(np.sum(fast_sma == slow_sma)),
        "trades": trades,
        "open_trade": open_trade,
        "equity_final_backtesting_py": float(stats["Equity Final [$]"]),
        "final_equity": float(equity.iloc[-1]),
        "max_drawdown": float((1 - equity / equity.cummax()).max()),
        "periods_per_year": periods,
        "sharpe_ratio": float(empyrical.sharpe_ratio(returns, risk_free=0.0, annualization=periods)),
        "sortino_ratio": float(empyrical.sortino_ratio(returns, required_return=0.0, annualization=periods)),
        "volatility": float(empyrical.annual_volatility(returns, annualization=periods)),
        "daily_returns": len(returns),
    }
    expected.update(second_set(stats["_trades"], open_trade, equity, bars, fee, returns, benchmark, periods))
    (case / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{case.name}: {len(trades)} closed trades, open trade: {open_trade is not None}, "
          f"final equity {expected['final_equity']:.6f}, SMA ties {expected['exact_sma_ties']}")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        main(folder)
