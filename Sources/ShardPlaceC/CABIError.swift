internal import CShardPlace

/// A failure of a C entry point: the status it returns and the message `sp_last_error` then gives.
struct CABIError: Error, Sendable {
    var status: Int32
    var message: String

    /// A bad argument (`SP_ERR_ARGUMENT`).
    static func argument(_ message: String) -> CABIError { CABIError(status: SP_ERR_ARGUMENT, message: message) }

    /// A NULL, stale or wrong-kind handle (`SP_ERR_HANDLE`).
    static func handle(_ message: String) -> CABIError { CABIError(status: SP_ERR_HANDLE, message: message) }

    /// A call that needs a result not there yet (`SP_ERR_STATE`).
    static func state(_ message: String) -> CABIError { CABIError(status: SP_ERR_STATE, message: message) }

    /// A caller buffer that is too small (`SP_ERR_BUFFER`).
    static func buffer(_ message: String) -> CABIError { CABIError(status: SP_ERR_BUFFER, message: message) }
}
