import Foundation
import GeminiEmulator
import Testing

/// `vton emulator --call-log`: every accepted generateContent call is a line, written before
/// its answer; requests refused as invalid never reached the model and are not.
struct EmulatorCallLogTests {
    @Test func everyAcceptedCallIsOneLineInOrder() async throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("calls-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let log = try CallLog(path: path)
        try await EmulatorHarness.run(callLog: log) { emulator in
            let statuses = [
                try await emulator.generate("gemini-3.1-flash-image", prompt: "a kite", size: "512").status,
                try await emulator.generate("gemini-3-pro-image", prompt: "a boat").status,
                try await emulator.generate("gemini-3.1-flash-image", prompt: "a kite", size: "512").status,
                try await emulator.generate("gemini-3-pro-image", prompt: "too wide", ratio: "8:1").status,
                try await emulator.generate("gemini-3-pro-image", prompt: "[[fail:503]] a storm").status,
            ]
            #expect(statuses == [200, 200, 200, 400, 503])
        }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map {
            try JSONDecoder().decode(CallLog.Line.self, from: Data($0.utf8))
        }
        #expect(
            lines == [
                .init(model: "gemini-3.1-flash-image", prompt: "a kite"), .init(model: "gemini-3-pro-image", prompt: "a boat"),
                .init(model: "gemini-3.1-flash-image", prompt: "a kite"), .init(model: "gemini-3-pro-image", prompt: "[[fail:503]] a storm"),
            ])
    }

    @Test func aPathThatCannotBeWrittenIsRefusedAtOnce() {
        #expect(throws: CallLog.OpenError.self) { try CallLog(path: "/no/such/directory/calls.jsonl") }
    }
}
