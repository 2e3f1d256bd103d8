import Foundation

/// The C ABI entry points the benchmarks call, resolved with dlsym from libshardplace.so, loaded as a C
/// or Python caller loads it: SHARDPLACE_LIB names it, default ../.build/release/libshardplace-c.so
/// (`swift build -c release --product shardplace-c` in the root package).
public struct CABI: @unchecked Sendable {
    public typealias Create =
        @convention(c) (
            Int32, Int32, Int32, UnsafePointer<Float>?, UnsafePointer<Float>?, UnsafePointer<Int32>?,
            UnsafeMutablePointer<OpaquePointer?>?
        ) -> Int32
    public typealias SetOption = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?, Double) -> Int32
    public typealias Solve = @convention(c) (OpaquePointer?, UnsafeMutablePointer<Int32>?) -> Int32
    public typealias Evaluate =
        @convention(c) (OpaquePointer?, UnsafePointer<Int32>?, UnsafeMutablePointer<Double>?, UnsafeMutablePointer<Int32>?)
        -> Int32
    public typealias Size = @convention(c) (OpaquePointer?, UnsafePointer<CChar>?) -> Int32
    public typealias Free = @convention(c) (OpaquePointer?) -> Void
    public typealias Version = @convention(c) () -> Int32

    public let version: Version
    public let create: Create
    public let setOption: SetOption
    public let solve: Solve
    public let evaluate: Evaluate
    public let size: Size
    public let free: Free

    public init() {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        let path =
            ProcessInfo.processInfo.environment["SHARDPLACE_LIB"]
            ?? root.appendingPathComponent(".build/release/libshardplace-c.so").path
        guard let library = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            fatalError("cannot load \(path): \(String(cString: dlerror())); set SHARDPLACE_LIB")
        }
        func symbol<T>(_ name: String, _: T.Type) -> T {
            guard let address = dlsym(library, name) else { fatalError("\(path) has no \(name)") }
            return unsafeBitCast(address, to: T.self)
        }
        version = symbol("sp_abi_version", Version.self)
        create = symbol("sp_problem_create", Create.self)
        setOption = symbol("sp_problem_set_option", SetOption.self)
        solve = symbol("sp_problem_solve", Solve.self)
        evaluate = symbol("sp_problem_evaluate", Evaluate.self)
        size = symbol("sp_problem_size", Size.self)
        free = symbol("sp_problem_free", Free.self)
    }
}
