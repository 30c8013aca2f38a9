/// A read-only window on packet bytes with big-endian loads.
///
/// The loads do not check bounds (they run once per header field on every packet); each
/// caller checks `count` first, and debug builds assert it. Windows are only ever made
/// smaller, so a window can never reach outside the frame it was cut from.
struct RawBytes {
    /// The first byte; valid for `count` bytes (a dangling-but-unread pointer when empty).
    let base: UnsafeRawPointer
    /// Bytes in the window.
    let count: Int

    init(base: UnsafeRawPointer, count: Int) {
        self.base = base
        self.count = count
    }

    /// Wraps a buffer; an empty buffer without storage gets a never-read placeholder base.
    init(_ buffer: UnsafeRawBufferPointer) {
        if let start = buffer.baseAddress {
            base = start
            count = buffer.count
        } else {
            base = UnsafeRawPointer(bitPattern: 0x10).unsafelyUnwrapped
            count = 0
        }
    }

    @inline(__always) func u8(_ offset: Int) -> UInt8 {
        assert(offset >= 0 && offset + 1 <= count)
        return base.load(fromByteOffset: offset, as: UInt8.self)
    }

    @inline(__always) func u16(_ offset: Int) -> UInt16 {
        assert(offset >= 0 && offset + 2 <= count)
        return UInt16(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    @inline(__always) func u32(_ offset: Int) -> UInt32 {
        assert(offset >= 0 && offset + 4 <= count)
        return UInt32(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) func u32LittleEndian(_ offset: Int) -> UInt32 {
        assert(offset >= 0 && offset + 4 <= count)
        return UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    @inline(__always) func u128(_ offset: Int) -> UInt128 {
        assert(offset >= 0 && offset + 16 <= count)
        let hi = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
        let lo = UInt64(bigEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
        return UInt128(hi) << 64 | UInt128(lo)
    }

    /// The bytes after the first `n`; requires `0 <= n <= count`.
    @inline(__always) func dropFirst(_ n: Int) -> RawBytes {
        assert(n >= 0 && n <= count)
        return RawBytes(base: base + n, count: count - n)
    }

    /// The first `n` bytes; requires `0 <= n <= count`.
    @inline(__always) func prefix(_ n: Int) -> RawBytes {
        assert(n >= 0 && n <= count)
        return RawBytes(base: base, count: n)
    }

    /// The window as a buffer pointer.
    var buffer: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }
}

/// A 65536-bit set of ports: one load and a mask per lookup.
struct PortSet {
    private var words = [UInt64](repeating: 0, count: 1024)

    init(_ ports: some Sequence<UInt16>) {
        for p in ports { words[Int(p >> 6)] |= 1 << UInt64(p & 63) }
    }

    @inline(__always) func contains(_ port: UInt16) -> Bool {
        words[Int(port &>> 6)] & (1 << UInt64(port & 63)) != 0
    }
}
