extension BarSeries {
    /// The bars as CSV text (`timestamp,open,high,low,close,volume`), with the shortest decimal
    /// form of each price, so that reading the text back gives the same numbers bit for bit.
    public func csvText(dateOnly: Bool = true) -> String {
        var text = "timestamp,open,high,low,close,volume\n"
        text.reserveCapacity(count * 64)
        for i in 0..<count {
            text += UTCDate.iso8601(time[i], dateOnly: dateOnly)
            text += ",\(open[i]),\(high[i]),\(low[i]),\(close[i]),\(volume[i])\n"
        }
        return text
    }
}
