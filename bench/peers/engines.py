"""The canonical grid in each peer engine, one engine per process so each is timed whole.

Usage: python engines.py ENGINE CSV OUT.json [--grid | --single]
ENGINE: backtesting | vectorbt | numba. Writes {"runs": {"fast,slow": [final_equity, trades, marked]}}:
Backlab's final equity, its trade count, and the equity with a last open trade marked at the last
close without the exit fee (what backtesting.py reports; its optimize keeps no trade list, so it
gives only that). A value an engine cannot give is null.

Every engine follows Backlab's rules (DESIGN section 3): the crossover is non-strict at t-1 and
strict at t, orders fill at the next open, fees 0.001 a side, 10,000 cash, whole units. Final
equity is reported as Backlab reports it: a position still open after the last bar is closed at
the last close paying the exit fee; the trade count includes that trade.
"""
import json
import os
import sys

os.environ.setdefault("TQDM_DISABLE", "1")  # backtesting.py's progress bars

import numpy as np
import pandas as pd

ENGINE, CSV, OUT = sys.argv[1], sys.argv[2], sys.argv[3]
MODE = sys.argv[4] if len(sys.argv) > 4 else "--grid"
FEE, CASH = 0.001, 10_000.0
if MODE == "--grid":
    GRID = [(f, s) for f in range(5, 51, 5) for s in range(20, 201, 20) if f < s]
else:
    GRID = [(10, 30)]

raw = pd.read_csv(CSV)
index = pd.DatetimeIndex(pd.to_datetime(raw["timestamp"], utc=True).dt.tz_localize(None))
data = pd.DataFrame({"Open": raw["open"].values, "High": raw["high"].values, "Low": raw["low"].values,
                     "Close": raw["close"].values, "Volume": raw["volume"].values}, index=index)
close = data["Close"].to_numpy()
results = {}


def sma(values, n):
    return pd.Series(values).rolling(n).mean().to_numpy()


if ENGINE == "backtesting":
    from backtesting import Backtest, Strategy

    class Cross(Strategy):
        fast = 10
        slow = 30

        def init(self):
            self.f = self.I(sma, self.data.Close, self.fast)
            self.s = self.I(sma, self.data.Close, self.slow)

        def next(self):
            f, s = self.f, self.s
            if len(f) < 2:
                return
            if self.position:
                if f[-2] >= s[-2] and f[-1] < s[-1]:
                    self.position.close()
            elif f[-2] <= s[-2] and f[-1] > s[-1]:
                self.buy()

    bt = Backtest(data, Cross, cash=CASH, commission=FEE, trade_on_close=False, hedging=False, exclusive_orders=False)
    if MODE == "--grid":
        _, heatmap = bt.optimize(fast=range(5, 51, 5), slow=range(20, 201, 20), constraint=lambda p: p.fast < p.slow,
                                 maximize="Equity Final [$]", return_heatmap=True)
        for (f, s), value in heatmap.items():
            results[f"{f},{s}"] = [None, None, float(value)]
    else:
        stats = bt.run(fast=10, slow=30)
        open_trades = stats["_strategy"]._broker.trades
        final = stats["Equity Final [$]"] - sum(t.size * close[-1] * FEE for t in open_trades)
        results["10,30"] = [float(final), len(stats["_trades"]) + len(open_trades), float(stats["Equity Final [$]"])]

elif ENGINE == "vectorbt":
    import vectorbt as vbt

    opens = data["Open"]
    closes = data["Close"]
    fast_windows = sorted({f for f, _ in GRID})
    slow_windows = sorted({s for _, s in GRID})
    fast_ma = {n: pd.Series(sma(close, n), index=data.index) for n in fast_windows}
    slow_ma = {n: pd.Series(sma(close, n), index=data.index) for n in slow_windows}
    entries, exits, names = {}, {}, []
    for f, s in GRID:
        a, b = fast_ma[f], slow_ma[s]
        up = (a.shift(1) <= b.shift(1)) & (a > b)
        down = (a.shift(1) >= b.shift(1)) & (a < b)
        # Decided at the close of t, filled at the open of t+1: shift the signals one bar.
        entries[(f, s)] = up.shift(1, fill_value=False)
        exits[(f, s)] = down.shift(1, fill_value=False)
        names.append((f, s))
    columns = pd.MultiIndex.from_tuples(names, names=["fast", "slow"])
    entry_frame = pd.DataFrame({k: v.values for k, v in entries.items()}, index=data.index)
    exit_frame = pd.DataFrame({k: v.values for k, v in exits.items()}, index=data.index)
    entry_frame.columns = columns
    exit_frame.columns = columns
    pf = vbt.Portfolio.from_signals(
        closes, entries=entry_frame, exits=exit_frame, price=opens, fees=FEE, init_cash=CASH,
        size=np.inf, size_granularity=1, direction="longonly", accumulate=False, freq="1min")
    values = pf.value().iloc[-1]
    positions = pf.assets().iloc[-1]
    counts = pf.trades.count()
    for (f, s) in names:
        marked = float(values[(f, s)])
        results[f"{f},{s}"] = [marked - float(positions[(f, s)]) * close[-1] * FEE, int(counts[(f, s)]), marked]

elif ENGINE == "numba":
    from numba import njit

    @njit(cache=False)
    def loop(opens, closes, fast, slow, fee, cash0):
        cash = cash0
        size = 0.0
        entry = 0.0
        trades = 0
        pending_entry = False
        pending_exit = False
        n = len(closes)
        for t in range(n):
            if pending_exit and size > 0:
                price = opens[t]
                cash += size * (price - entry) - size * price * fee
                size = 0.0
                pending_exit = False
            if pending_entry and size == 0:
                price = opens[t]
                almost = 1.0 - 2.0 ** -52
                units = np.floor((cash * almost) / (price + price * fee))
                if units > 0:
                    size = units
                    entry = price
                    cash -= size * price * fee
                    trades += 1
                pending_entry = False
            if t >= 1 and t < n - 1:
                if size > 0:
                    if fast[t - 1] >= slow[t - 1] and fast[t] < slow[t]:
                        pending_exit = True
                elif fast[t - 1] <= slow[t - 1] and fast[t] > slow[t]:
                    pending_entry = True
        marked = cash
        if size > 0:
            price = closes[n - 1]
            marked = cash + size * (price - entry)
            cash += size * (price - entry) - size * price * fee
        return cash, trades, marked

    opens = data["Open"].to_numpy()
    cache = {}
    for f, s in GRID:
        for n in (f, s):
            if n not in cache:
                cache[n] = sma(close, n)
        final, trades, marked = loop(opens, close, cache[f], cache[s], FEE, CASH)
        results[f"{f},{s}"] = [float(final), int(trades), float(marked)]
else:
    sys.exit(f"unknown engine {ENGINE}")

with open(OUT, "w") as f:
    json.dump({"runs": results}, f)
