/// The scratch memory of one worker: a batch's samples (time-major, eight series per row), its season
/// buffer, the recorded forecast paths of every method and a buffer for quantile selection. Grown on
/// demand, reused across batches, freed by ``release()``.
struct BatchWorkspace {
    private(set) var samples: UnsafeMutablePointer<Lanes>
    private(set) var seasonal: UnsafeMutablePointer<Lanes>
    /// `ForecastMethod.allCases.count` blocks of `pathCapacity` lanes each.
    private(set) var paths: UnsafeMutablePointer<Lanes>
    /// `ForecastMethod.allCases.count` blocks of `horizon` lanes each.
    private(set) var finals: UnsafeMutablePointer<Lanes>
    private(set) var errors: UnsafeMutablePointer<Float>
    /// Per recent origin, the errors of the combined forecast at one step (one lane per series).
    private(set) var combined: UnsafeMutablePointer<Lanes>
    private(set) var raw: UnsafeMutablePointer<Double>
    private var sampleCapacity = 0
    private var seasonCapacity = 0
    private(set) var pathCapacity = 0
    private(set) var finalCapacity = 0
    private var errorCapacity = 0
    private var rawCapacity = 0

    static let methodCount = ForecastMethod.allCases.count

    init() {
        samples = .allocate(capacity: 0)
        seasonal = .allocate(capacity: 1)
        paths = .allocate(capacity: 0)
        finals = .allocate(capacity: 0)
        errors = .allocate(capacity: 0)
        combined = .allocate(capacity: 0)
        raw = .allocate(capacity: 0)
        seasonCapacity = 1
    }

    /// Makes room for a batch of `count` samples, season `season`, `origins` recorded paths of
    /// `horizon` steps per method.
    mutating func reserve(count: Int, season: Int, origins: Int, horizon: Int) {
        if count > sampleCapacity {
            samples.deallocate()
            samples = .allocate(capacity: count)
            sampleCapacity = count
        }
        if season > seasonCapacity {
            seasonal.deallocate()
            seasonal = .allocate(capacity: season)
            seasonCapacity = season
        }
        let pathsNeeded = max(1, origins * horizon)
        if pathsNeeded > pathCapacity {
            paths.deallocate()
            paths = .allocate(capacity: pathsNeeded * Self.methodCount)
            pathCapacity = pathsNeeded
        }
        if horizon > finalCapacity {
            finals.deallocate()
            finals = .allocate(capacity: horizon * Self.methodCount)
            finalCapacity = horizon
        }
        if origins > errorCapacity {
            errors.deallocate()
            errors = .allocate(capacity: origins)
            combined.deallocate()
            combined = .allocate(capacity: origins)
            errorCapacity = origins
        }
        if count > rawCapacity {
            raw.deallocate()
            raw = .allocate(capacity: count)
            rawCapacity = count
        }
    }

    /// The recorded paths of `method`.
    func paths(of method: ForecastMethod) -> UnsafeMutablePointer<Lanes> { paths + method.index * pathCapacity }

    /// The forecast from the end of the batch for `method`.
    func final(of method: ForecastMethod) -> UnsafeMutablePointer<Lanes> { finals + method.index * finalCapacity }

    /// Frees every buffer; the workspace must not be used afterwards.
    func release() {
        samples.deallocate()
        seasonal.deallocate()
        paths.deallocate()
        finals.deallocate()
        errors.deallocate()
        combined.deallocate()
        raw.deallocate()
    }
}
