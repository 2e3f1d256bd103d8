internal import CTopology

/// A fixed-size, manually managed array: the one place where the hot loops touch raw memory.
///
/// It is a plain pointer and a count, so reading it costs no reference counting and (in release builds)
/// no bounds check; debug builds assert every index. Its owner allocates it once and frees it once
/// (``ProblemReplica`` and ``CostState`` do so in their `deinit`); it is never resized.
@usableFromInline
struct FixedBuffer<Element>: @unchecked Sendable {
    @usableFromInline let base: UnsafeMutablePointer<Element>
    @usableFromInline let count: Int

    /// Allocates `count` elements, all `value`.
    init(repeating value: Element, count: Int) {
        precondition(count >= 0)
        base = UnsafeMutablePointer<Element>.allocate(capacity: max(count, 1))
        base.initialize(repeating: value, count: count)
        self.count = count
    }

    /// Allocates a copy of `array`.
    init(_ array: [Element]) {
        let base = UnsafeMutablePointer<Element>.allocate(capacity: max(array.count, 1))
        array.withUnsafeBufferPointer { source in
            if let s = source.baseAddress { base.initialize(from: s, count: array.count) }
        }
        self.base = base
        count = array.count
    }

    @inlinable
    subscript(_ index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "FixedBuffer index \(index) out of 0..<\(count)")
            return base[index]
        }
        nonmutating set {
            assert(index >= 0 && index < count, "FixedBuffer index \(index) out of 0..<\(count)")
            base[index] = newValue
        }
    }

    /// Loads `SIMD4` lanes starting at element `index` (`Element` must be `Float` or `Int32`).
    @inlinable
    func simd4<V: SIMD>(at index: Int, as type: V.Type = V.self) -> V where V.Scalar == Element {
        assert(index >= 0 && index + V.scalarCount <= count, "FixedBuffer SIMD load out of range")
        return UnsafeRawPointer(base + index).loadUnaligned(as: V.self)
    }

    /// Stores SIMD lanes starting at element `index`.
    @inlinable
    func store<V: SIMD>(_ value: V, at index: Int) where V.Scalar == Element {
        assert(index >= 0 && index + V.scalarCount <= count, "FixedBuffer SIMD store out of range")
        UnsafeMutableRawPointer(base + index).storeBytes(of: value, as: V.self)
    }

    /// Hints the cache to fetch the line of element `index` (no effect on the contents; an index out of
    /// range is harmless, as the hint never faults).
    @inline(__always)
    func prefetch(_ index: Int) {
        CTopology_prefetch(UnsafeRawPointer(base) + index &* MemoryLayout<Element>.stride)
    }

    /// Copies the elements out into an array.
    var array: [Element] { Array(UnsafeBufferPointer(start: base, count: count)) }

    /// Deinitializes and frees the memory.
    func free() {
        base.deinitialize(count: count)
        base.deallocate()
    }
}
