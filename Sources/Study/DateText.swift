import Engine

/// Times as a run.yaml writes them: a date alone when it is midnight (UTC), else the full time.
public enum DateText {
    /// A start (`data.start`, `data.trade_start`): `2016-01-01`, or `2016-01-01T09:30:00Z`.
    public static func start(_ millis: Int64) -> String {
        millis % UTCDate.millisPerDay == 0 ? UTCDate.iso8601(millis, dateOnly: true) : UTCDate.iso8601(millis)
    }

    /// An inclusive end (`data.end`): a day's last millisecond is written as that day, as a bare
    /// date as `end` means its whole day.
    public static func end(_ millis: Int64) -> String {
        (millis + 1) % UTCDate.millisPerDay == 0
            ? UTCDate.iso8601(millis + 1 - UTCDate.millisPerDay, dateOnly: true) : UTCDate.iso8601(millis)
    }
}
