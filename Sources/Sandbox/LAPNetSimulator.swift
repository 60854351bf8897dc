import Hummingbird

/// LAPNet (Bank of the Lao PDR) is planned: its bilateral protocol is still to be decided.
/// The sandbox serves `/lapnet/v1` as a partner that is not live yet, refusing every transfer
/// and inquiry with 503, so that even a misconfigured gateway cannot move money on KH-LA.
struct LAPNetSimulator {
    func register(on router: Router<SandboxContext>) {
        let group = router.group("lapnet/v1")
        group.get("status") { _, _ in
            PromptPaySimulator.json(.ok, ["corridor": "KH-LA", "status": "planned", "live": "false"])
        }
        for path in ["transfers", "transfers/:id"] {
            group.on(RouterPath(path), method: .post) { _, _ in Self.notLive() }
            group.on(RouterPath(path), method: .get) { _, _ in Self.notLive() }
        }
    }

    static func notLive() -> Response {
        PromptPaySimulator.json(.serviceUnavailable, ["error": "not_live", "message": "LAPNet's corridor with Bakong is planned and not live"])
    }
}
