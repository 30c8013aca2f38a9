/// Calendar arithmetic in UTC, for the date forms found in presentation text and logs.
public enum CivilTime {
    /// Seconds since the Unix epoch for a proleptic Gregorian date and time in UTC
    /// (Howard Hinnant's days-from-civil).
    public static func epoch(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = Int64(era) * 146_097 + Int64(doe) - 719_468
        return days * 86400 + Int64(hour * 3600 + minute * 60 + second)
    }

    /// True if the fields name a real date and time in years 1 to 9999 (seconds up to 60 for a
    /// leap second). Check this before `epoch`, which does not guard against overflow.
    public static func isValid(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) -> Bool {
        guard (1...9999).contains(year), (1...12).contains(month), day >= 1, (0...23).contains(hour), (0...59).contains(minute),
              (0...60).contains(second) else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The UTC calendar fields of a Unix time (days-to-civil, Howard Hinnant's algorithm):
    /// year, month, day, hour, minute, second.
    public static func fields(epoch t: Int64) -> (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var days = t / 86_400
        var secs = t % 86_400
        if secs < 0 { secs += 86_400; days -= 1 }
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        let y = yoe + era * 400 + (m <= 2 ? 1 : 0)
        return (Int(y), Int(m), Int(d), Int(secs / 3600), Int(secs / 60 % 60), Int(secs % 60))
    }
}
