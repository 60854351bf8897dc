public import ServiceLifecycle

/// A worker's loop, the one way Mekong's services poll: runs `round` until the service group
/// shuts down (gracefully or by cancellation). After a round that reports more work waiting it
/// goes again at once; otherwise it waits `interval`, a wait that graceful shutdown cuts short
/// (a plain `Task.sleep` would hold shutdown back by up to one interval).
public enum PollingLoop {
    public static func run(every interval: Duration, _ round: () async -> Bool) async {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            if await round() { continue }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }
}
