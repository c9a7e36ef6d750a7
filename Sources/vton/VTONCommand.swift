import ArgumentParser
import Logging
import VTONApp

@main
struct VTONCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vton",
        abstract: "VTON Lab: image generation and virtual try-on on Gemini image models.",
        subcommands: [Serve.self, Migrate.self, Emulator.self, ResetPassword.self, ImportOrigin.self],
        defaultSubcommand: Serve.self)

    static func main() async {
        LoggingSystem.bootstrap { LineLogHandler(label: $0) }
        await main(nil)
    }
}
