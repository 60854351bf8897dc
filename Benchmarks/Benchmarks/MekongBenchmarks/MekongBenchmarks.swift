import Benchmark
import Compliance
import Corridors
import FX
import Foundation
import Gateway
import KHQR
import MekongCore
import Metrics

/// Mekong's hot paths, one benchmark each. Inputs are made before the measured loop.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
    let specText = try! String(contentsOfFile: repository + "/corridors/kh-th.yaml", encoding: .utf8)
    let spec = try! CorridorSpecFile.parse(specText, file: "kh-th.yaml", environment: ["MEKONG_PROMPTPAY_CLIENT_SECRET": "bench", "MEKONG_INBOUND_SECRET_KH_TH": "bench"])
    let amount = Money(minorUnits: 10_000, currency: .USD)
    let rate = try! Rate(parsing: "34.25")

    // Screening: a 20,000-entry list, and 10,000 payments whose parties are drawn from the same
    // name stock (the worst case: most of them share tokens with many entries); one in ten is
    // an entry's own name. One iteration screens one payment's payer and beneficiary.
    let sanctions = ScreeningIndex(entries: SyntheticSanctionsList.make(count: 20_000))
    let parties = SyntheticSanctionsList.make(count: 20_000, seed: 7).map { ScreeningSubject(name: $0.names[0]) }
    let listed = SyntheticSanctionsList.make(count: 2_000).map { ScreeningSubject(name: $0.names.last!) }
    let payments: [(ScreeningSubject, ScreeningSubject)] = (0..<10_000).map { (index: Int) -> (ScreeningSubject, ScreeningSubject) in
        let payer: ScreeningSubject = index % 10 == 0 ? listed[index / 10] : parties[2 * index]
        return (payer, parties[2 * index + 1])
    }
    Benchmark("screening one payment (payer and beneficiary) against 20,000 entries", configuration: .init(maxIterations: 10_000)) { benchmark in
        var next = 0
        for _ in benchmark.scaledIterations {
            let (payer, beneficiary) = payments[next % payments.count]
            next += 1
            blackHole(sanctions.screen(payer, threshold: 0.9))
            blackHole(sanctions.screen(beneficiary, threshold: 0.9))
        }
    }

    Benchmark("quote pricing (KH-TH, USD 100 → THB)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(QuotePricer.price(amount: amount, type: .p2p, pricing: spec.pricing, destination: .THB,
                                        snapshotID: "NBC@2026-11-22", referenceRate: rate))
        }
    }

    Benchmark("state machine: INITIATED → … → CROSS_BORDER_SETTLED (4 transitions)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            var machine = PaymentStateMachine(flow: .crossBorder)
            for event in [PaymentEvent.validationPassed, .rateLocked, .handedToPartner, .partnerSettled] {
                blackHole(try? machine.apply(event))
            }
            blackHole(machine)
        }
    }

    let code = KHQRCode(accountKind: .individual, bakongAccountID: "sok_dara@aclb", currency: .USD,
                        amount: Money(minorUnits: 1_050, currency: .USD), merchantName: "Sok Dara", merchantCity: "Phnom Penh",
                        billNumber: "INV-2026-0001", createdAtMilliseconds: 1_795_000_000_000, expiresAtMilliseconds: 1_795_000_900_000)
    let encoded = try! KHQRCodec.encode(code)
    Benchmark("KHQR encode (dynamic, USD 10.50)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? KHQRCodec.encode(code)) }
    }
    Benchmark("KHQR decode (strict, with CRC check)") { benchmark in
        for _ in benchmark.scaledIterations { blackHole(try? KHQRCodec.decode(encoded, strict: true)) }
    }

    let body = Array(#"{"id":"evt_01JDX","type":"payment.settled","data":{"payment_id":"pay_01JDX","state":"CROSS_BORDER_SETTLED"}}"#.utf8)
    let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    Benchmark("webhook signing (Standard Webhooks v1, HMAC-SHA256)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(WebhookSignature.sign(secret: secret, id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: 1_614_265_330, body: body))
        }
    }

    Benchmark("YAML corridor spec loading (kh-th.yaml)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try? CorridorSpecFile.parse(specText, file: "kh-th.yaml", environment: ["MEKONG_PROMPTPAY_CLIENT_SECRET": "bench", "MEKONG_INBOUND_SECRET_KH_TH": "bench"]))
        }
    }

    // The metric work one accepted payment causes, through the gateway's Prometheus registry:
    // Hummingbird's MetricsMiddleware (in-flight meter up and down, request counter, duration
    // timer), the accepted counter, the three transitions of acceptance, and the timers of the
    // two database calls it shares with its batch (counted whole, as if the batch held one).
    _ = MetricsRegistry.shared
    let inFlight = Meter(label: "http.server.active_requests", dimensions: [("http.request.method", "POST")])
    let requests = Counter(label: "hb.requests", dimensions: [("http.route", "/v1/payments"), ("http.request.method", "POST"), ("http.response.status_code", "201")])
    let duration = Timer(label: "http.server.request.duration", dimensions: [("http.route", "/v1/payments"), ("http.request.method", "POST"), ("http.response.status_code", "201")], preferredDisplayUnit: .seconds)
    let accepted = Counter(label: "mekong_payments_accepted_total", dimensions: [("corridor", "KH-TH"), ("payment_type", "P2P"), ("direction", "OUTBOUND")])
    let transitions = [("none", "INITIATED"), ("INITIATED", "VALIDATED"), ("VALIDATED", "FX_PENDING")].map { from, to in
        Counter(label: "mekong_payment_transitions_total", dimensions: [("corridor", "KH-TH"), ("from", from), ("to", to)])
    }
    let statements = ["intake_lookup", "accept_batch"].map { name in
        Timer(label: "mekong_database_call_duration_seconds", dimensions: [("statement", name)], preferredDisplayUnit: .seconds)
    }
    Benchmark("metrics of one accepted payment (HTTP, payment and database series)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            inFlight.increment()
            for statement in statements { statement.recordNanoseconds(1_200_000) }
            accepted.increment()
            for transition in transitions { transition.increment() }
            requests.increment()
            duration.recordNanoseconds(9_000_000)
            inFlight.decrement()
        }
    }
}
