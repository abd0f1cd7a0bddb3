"""Independent reference results for Backlab's engine, from backtesting.py 0.6.6 and empyrical.

For one case folder holding run.yaml (an SMA crossover with signal exit or a fixed-percentage
bracket, whole units) and data.csv (the bars Backlab's own synthetic source produced, written by
`backlab export-data`), runs the same strategy in backtesting.py and writes expected.json:
every closed trade, the open trade at the end, the final equity, and Sharpe, Sortino and
volatility computed by empyrical on the daily returns of the equity curve.

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
import yaml
from backtesting import Backtest, Strategy


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
    (case / "expected.json").write_text(json.dumps(expected, indent=1) + "\n")
    print(f"{case.name}: {len(trades)} closed trades, open trade: {open_trade is not None}, "
          f"final equity {expected['final_equity']:.6f}, SMA ties {expected['exact_sma_ties']}")


if __name__ == "__main__":
    for folder in sys.argv[1:]:
        main(folder)
