/// Why an uploaded file was refused, and where (see `TextRule.file`).
public struct FileFault: Error, Sendable, Equatable {
    /// The byte offset of the offending character; nil for invalid UTF-8.
    public let offset: Int?
    public let fault: TextFault

    public init(offset: Int?, fault: TextFault) {
        self.offset = offset
        self.fault = fault
    }

    /// The refusal as the API states it.
    public var message: String {
        switch fault {
        case .invalidUTF8: "the file is not valid UTF-8"
        case .nul: "the file holds a NUL character at byte \(offset ?? 0)"
        case .control(let value): "the file holds a control character (U+\(String(value, radix: 16, uppercase: true))) at byte \(offset ?? 0)"
        default: "the file is not acceptable text"
        }
    }
}
