import Foundation

/// `printf`'s `%.Nf` (and `%+.Nf`) for the few decimals the reports print, without
/// `String(format:)`, which costs a locale look-up and a format parse per number: `analyze`
/// formats several numbers for each of a million verdicts.
///
/// The result is the one glibc's `printf` gives: the exact binary value rounded to `digits`
/// decimals, ties to even, a minus sign whenever the sign bit is set (`-0.000`).
/// Non-finite and very large values, and more than 6 decimals, go to `String(format:)`.
enum FixedDecimal {
    static func string(_ x: Double, digits: Int, plus: Bool = false) -> String {
        guard x.isFinite, x.magnitude < 1e12, (0...6).contains(digits) else {
            return String(format: plus ? "%+.\(digits)f" : "%.\(digits)f", x)
        }
        var scale: UInt64 = 1
        for _ in 0..<digits { scale *= 10 }
        // |x| = significand * 2^exponent exactly; |x| * 10^digits < 1e18 < 2^60.
        let m = x.magnitude
        let significand = UInt128(m.significandBitPattern | (m.exponentBitPattern == 0 ? 0 : 1 << 52))
        let exponent = (m.exponentBitPattern == 0 ? 1 : Int(m.exponentBitPattern)) - 1075
        let n = significand * UInt128(scale)  // below 2^53 * 10^6 < 2^73
        var q: UInt128
        if exponent >= 0 {
            q = n << exponent  // exponent <= 40 here (|x| < 1e12 < 2^40)
        } else if -exponent >= 120 {
            q = 0  // n < 2^73: below a half
        } else {
            let shift = -exponent
            q = n >> shift
            let rest = n - (q << shift), half = UInt128(1) << (shift - 1)
            if rest > half || (rest == half && q & 1 == 1) { q += 1 }
        }
        var out: [UInt8] = []
        out.reserveCapacity(24)
        if x.sign == .minus { out.append(UInt8(ascii: "-")) } else if plus { out.append(UInt8(ascii: "+")) }
        let whole = q / UInt128(scale), fraction = q % UInt128(scale)
        out.append(contentsOf: String(UInt64(whole)).utf8)
        if digits > 0 {
            out.append(UInt8(ascii: "."))
            var text = Array(String(UInt64(fraction)).utf8)
            while text.count < digits { text.insert(UInt8(ascii: "0"), at: 0) }
            out.append(contentsOf: text)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
