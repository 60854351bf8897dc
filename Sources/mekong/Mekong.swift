import ArgumentParser

@main
struct Mekong: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mekong",
        abstract: "Cross-border payment corridor gateway for Cambodia's Bakong network.",
        subcommands: [
            Serve.self, Migrate.self, SandboxCommand.self, Keys.self, CorridorsCommand.self, RatesCommand.self, LiquidityCommand.self,
            ScreeningCommand.self,
            AuditCommand.self, KHQRCommand.self,
            ReconcileCommand.self, BenchCommand.self, OpenLoopCommand.self,
        ]
    )
}
