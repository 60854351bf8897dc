import Benchmark
import Corridors
import FX
import Foundation
import Gateway
import KHQR
import MekongCore

/// Mekong's hot paths, one benchmark each. Inputs are made before the measured loop.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.throughput, .wallClock, .mallocCountTotal], maxDuration: .seconds(2))

    let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../..").standardized.path
    let specText = try! String(contentsOfFile: repository + "/corridors/kh-th.yaml", encoding: .utf8)
    let spec = try! CorridorSpecFile.parse(specText, file: "kh-th.yaml", environment: ["MEKONG_PROMPTPAY_CLIENT_SECRET": "bench", "MEKONG_INBOUND_SECRET_KH_TH": "bench"])
    let amount = Money(minorUnits: 10_000, currency: .USD)
    let rate = try! Rate(parsing: "34.25")

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
}
