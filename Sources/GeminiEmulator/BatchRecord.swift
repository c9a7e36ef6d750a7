import Foundation
import GeminiClient

/// What the emulator keeps of one batch (`<data>/batches/<id>.json`). Its state is not stored
/// but read off the clock from its creation time, so it carries on across a restart: PENDING
/// for one phase, RUNNING for the next, then its planned end — SUCCEEDED only once every
/// result is written, EXPIRED or FAILED when a prompt asked for it with `[[expire]]` /
/// `[[batch_fail]]`. Cancel ends it at once.
struct BatchRecord: Codable, Sendable {
    let id: String
    let model: String
    let displayName: String?
    /// `files/…` for file input, whose results go to a generated file; nil for inline input.
    let inputFile: String?
    let requestCount: Int
    let created: Date
    let plannedEnd: BatchState
    var produced = 0
    var failed = 0
    /// When the last result was written.
    var producedAt: Date?
    var cancelled: Date?
    /// Whether file input's results file is registered with the Files API.
    var resultsFiled = false

    var resultsFileID: String { "batch-\(id)" }

    func state(now: Date, phaseSeconds: Double) -> BatchState {
        if cancelled != nil { return .cancelled }
        let elapsed = now.timeIntervalSince(created)
        if elapsed < phaseSeconds { return .pending }
        if elapsed < 2 * phaseSeconds { return .running }
        guard plannedEnd == .succeeded else { return plannedEnd }
        return produced >= requestCount ? .succeeded : .running
    }

    /// Whether results are still to be drawn now.
    func needsResults(now: Date, phaseSeconds: Double) -> Bool {
        plannedEnd == .succeeded && produced < requestCount && state(now: now, phaseSeconds: phaseSeconds) == .running
    }

    /// Every result is written to a results file the Files API does not list yet.
    var needsFiling: Bool { inputFile != nil && cancelled == nil && produced >= requestCount && !resultsFiled }

    func ended(now: Date, phaseSeconds: Double) -> Date? {
        if let cancelled { return cancelled }
        guard state(now: now, phaseSeconds: phaseSeconds).isTerminal else { return nil }
        let clockEnd = created.addingTimeInterval(2 * phaseSeconds)
        return max(clockEnd, producedAt ?? clockEnd)
    }
}
