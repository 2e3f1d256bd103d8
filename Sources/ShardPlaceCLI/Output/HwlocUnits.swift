/// Sizes as hwloc prints them without `-v`: KB below 10 MB, MB below 10 GB, GB below 10 TB, else TB
/// (powers of 1024, rounded down).
enum HwlocUnits {
    static func size(_ bytes: UInt64) -> String {
        let kb: UInt64 = 1 << 10
        if bytes < 10 << 20 { return "\(bytes / kb)KB" }
        if bytes < 10 << 30 { return "\(bytes >> 20)MB" }
        if bytes < 10 << 40 { return "\(bytes >> 30)GB" }
        return "\(bytes >> 40)TB"
    }
}
