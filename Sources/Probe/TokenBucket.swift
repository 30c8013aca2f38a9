import NIOCore

/// A token bucket (rate limiter): `rate` tokens a second, at most `burst` saved up. Over any
/// span of T seconds it allows at most `rate * T + burst` takes, so a limit is never
/// exceeded by more than one burst.
struct TokenBucket {
    let rate: Double
    let burst: Double
    private var tokens: Double
    private var last: NIODeadline

    /// A full bucket; the burst is 20 ms worth of tokens, at least one.
    init(rate: Double, now: NIODeadline) {
        self.rate = rate
        self.burst = max(1, rate / 50)
        self.tokens = 1
        self.last = now
    }

    private mutating func refill(_ now: NIODeadline) {
        guard now > last else { return }
        tokens = min(burst, tokens + Double((now - last).nanoseconds) * rate / 1e9)
        last = now
    }

    /// True when a token was available (and is now taken).
    mutating func take(now: NIODeadline) -> Bool {
        refill(now)
        guard tokens >= 1 else { return false }
        tokens -= 1
        return true
    }

    /// True when a token is available, without taking it.
    mutating func available(now: NIODeadline) -> Bool {
        refill(now)
        return tokens >= 1
    }

    /// When the next token will be there.
    func nextToken(after now: NIODeadline) -> NIODeadline {
        let missing = max(0, 1 - tokens)
        return now + .nanoseconds(Int64((missing / rate * 1e9).rounded(.up)) + 1000)
    }
}
