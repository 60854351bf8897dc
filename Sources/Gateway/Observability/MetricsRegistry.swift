import Foundation
import Metrics
public import Prometheus

/// The process's one Prometheus registry, behind swift-metrics: every `Counter`, `Timer`,
/// `Gauge` and `Meter` made anywhere in the gateway (Hummingbird's `MetricsMiddleware`, the
/// store, the workers) lands here, and `GET /metrics` writes it out in the Prometheus text
/// format. swift-metrics takes one backend per process, so it is bootstrapped once, on first use.
public enum MetricsRegistry {
    public static let shared: PrometheusCollectorRegistry = {
        let registry = PrometheusCollectorRegistry()
        var factory = PrometheusMetricsFactory(registry: registry)
        // Partner calls and database calls take milliseconds to tens of seconds; payments settle
        // in seconds (real time) to hours (a batch cycle after the night).
        factory.defaultDurationHistogramBuckets = [
            .milliseconds(1), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
            .milliseconds(250), .milliseconds(500), .seconds(1), .seconds(2.5), .seconds(5), .seconds(10), .seconds(30),
        ]
        factory.durationHistogramBuckets["mekong_payment_time_to_final_seconds"] = [
            .seconds(1), .seconds(5), .seconds(15), .seconds(60), .seconds(300), .seconds(900), .seconds(3600), .seconds(14_400), .seconds(86_400),
        ]
        // Prometheus names take letters, digits, "_" and ":"; swift-metrics labels from libraries
        // (Hummingbird's `http.server.request.duration`) use dots.
        factory.nameAndLabelSanitizer = { name, labels in
            (sanitized(name), labels.map { (sanitized($0.0), $0.1) })
        }
        MetricsSystem.bootstrap(factory)
        return registry
    }()
}

/// A name as Prometheus takes it: every character outside `[A-Za-z0-9_:]` becomes `_`.
/// Runs on every metric handle made (Hummingbird makes three per request), so it reads bytes
/// and returns the name itself, unallocated, when it is already valid.
func sanitized(_ name: String) -> String {
    func valid(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
            UInt8(ascii: "_"), UInt8(ascii: ":"):
            true
        default: false
        }
    }
    if name.utf8.allSatisfy(valid) { return name }
    return String(
        String.UnicodeScalarView(
            name.unicodeScalars.map { scalar in
                scalar.isASCII && valid(UInt8(scalar.value)) ? scalar : "_"
            }))
}
