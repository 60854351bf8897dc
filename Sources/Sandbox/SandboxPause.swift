import ServiceLifecycle

/// Delays and hangs in the sandbox, all ending early when the sandbox shuts down.
enum SandboxPause {
    /// Holds a request without answering: up to ten minutes, or until shutdown.
    static func hang() async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(600)) }
    }

    static func seconds(_ seconds: Int) async throws {
        try await cancelWhenGracefulShutdown { try await Task.sleep(for: .seconds(seconds)) }
    }
}
