import Synchronization

/// swift-metrics handles kept for reuse, one per label set. Making a handle asks the backend's
/// registry under its lock and checks every name again; on the payment path that happens on
/// every statement and transition, so each series is made once and then read from here.
///
/// Label sets are small and fixed (corridor ids, states, statement names), so the cache stays
/// small; the key is the label values joined by a byte no label contains.
public final class MetricHandles<Handle: AnyObject & Sendable>: Sendable {
    private let make: @Sendable ([String]) -> Handle
    private let handles = Mutex<[String: Handle]>([:])

    /// `make` builds the handle for a label set's values, in the order `callAsFunction` takes them.
    public init(_ make: @escaping @Sendable ([String]) -> Handle) {
        self.make = make
    }

    /// The handle for these label values, made on first use.
    public func callAsFunction(_ values: String...) -> Handle {
        let key = values.joined(separator: "\u{1F}")
        if let handle = handles.withLock({ $0[key] }) { return handle }
        let handle = make(values)
        return handles.withLock { handles in
            if let existing = handles[key] { return existing }
            handles[key] = handle
            return handle
        }
    }
}
