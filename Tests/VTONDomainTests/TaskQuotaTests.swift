import Foundation
import Testing

@testable import VTONDomain

struct TaskQuotaTests {
    let now = Date()

    @Test func theMinuteAndInFlightLimitsCountWhatTheSameTransactionAdmitted() {
        let quota = TaskQuota(perMinute: 5, inFlight: 3)
        var usage = SubmissionUsage(submittedLastMinute: 0, oldestInWindow: nil, inFlight: 0)
        for _ in 0..<3 {
            #expect(quota.refusal(adding: 1, usage: usage, now: now) == nil)
            usage.add(1, at: now)
        }
        let inFlight = quota.refusal(adding: 1, usage: usage, now: now)
        #expect(inFlight?.message.contains("at most 3") == true)
        usage.inFlight = 0
        usage.submittedLastMinute = 5
        usage.oldestInWindow = now.addingTimeInterval(-50)
        #expect(
            quota.refusal(adding: 1, usage: usage, now: now)
                == QuotaRefusal(message: "at most 5 tasks per minute may be submitted", retryAfterSeconds: 10))
    }

    @Test func theMostGenerousRoleSetsEachLimitAndAnUnsetOneFallsBackToTheDefault() {
        let defaults = TaskQuota(perMinute: 120, inFlight: 200)
        let strict = Role(name: "strict", description: "", permissions: [], tasksPerMinute: 10, maxTasksInFlight: 5)
        let wide = Role(name: "wide", description: "", permissions: [], tasksPerMinute: 600)
        #expect(TaskQuota.of(roles: [], defaults: defaults) == defaults)
        #expect(TaskQuota.of(roles: [strict], defaults: defaults) == TaskQuota(perMinute: 10, inFlight: 5))
        // wide sets no in-flight limit of its own, so the default 200 beats strict's 5.
        #expect(TaskQuota.of(roles: [strict, wide], defaults: defaults) == TaskQuota(perMinute: 600, inFlight: 200))
    }

    @Test func aFullMinuteSaysToWaitUntilItsOldestSubmissionLeavesIt() {
        let quota = TaskQuota(perMinute: 2, inFlight: 10)
        func wait(oldest: Double?) -> Int? {
            let usage = SubmissionUsage(submittedLastMinute: 2, oldestInWindow: oldest.map { now.addingTimeInterval($0) }, inFlight: 0)
            return quota.refusal(adding: 1, usage: usage, now: now)?.retryAfterSeconds
        }
        #expect(wait(oldest: -0.5) == 60, "59.5 s, rounded up")
        #expect(wait(oldest: -59.9) == 1, "0.1 s, but never less than a second")
        #expect(wait(oldest: -75) == 1, "already out of the window")
        #expect(wait(oldest: nil) == 60)
        #expect(quota.refusal(adding: 2, usage: SubmissionUsage(submittedLastMinute: 0, oldestInWindow: nil, inFlight: 0), now: now) == nil)
        #expect(quota.refusal(adding: 3, usage: SubmissionUsage(submittedLastMinute: 0, oldestInWindow: nil, inFlight: 0), now: now) != nil)
    }

    @Test func addingCountsTowardsBothLimitsAndKeepsTheOldestSubmission() {
        let earlier = now.addingTimeInterval(-30)
        var usage = SubmissionUsage(submittedLastMinute: 1, oldestInWindow: earlier, inFlight: 4)
        usage.add(2, at: now)
        #expect(usage == SubmissionUsage(submittedLastMinute: 3, oldestInWindow: earlier, inFlight: 6))
        var empty = SubmissionUsage(submittedLastMinute: 0, oldestInWindow: nil, inFlight: 0)
        empty.add(1, at: now)
        #expect(empty.oldestInWindow == now)
    }
}

struct QueueEstimateRuleTests {
    @Test func realtimeTasksWaitForTheWavesAheadOfThem() {
        #expect(QueueEstimate.realtime(ahead: 0, workers: 4, runSeconds: 10) == QueueEstimate(lane: .realtime, position: 1, etaSeconds: 0))
        #expect(QueueEstimate.realtime(ahead: 3, workers: 4, runSeconds: 10).etaSeconds == 0)
        #expect(QueueEstimate.realtime(ahead: 4, workers: 4, runSeconds: 10) == QueueEstimate(lane: .realtime, position: 5, etaSeconds: 10))
        #expect(QueueEstimate.realtime(ahead: 9, workers: 4, runSeconds: 2.5).etaSeconds == 5)
    }

    @Test func theEconomyPoolIsSentWhenFullOrOldEnough() {
        let now = Date()
        let young = QueueEstimate.economy(ahead: 1, oldestCreatedAt: now.addingTimeInterval(-100), maxSize: 10, maxAgeSeconds: 600, now: now)
        #expect(young == QueueEstimate(lane: .economy, position: 2, etaSeconds: 500))
        #expect(QueueEstimate.economy(ahead: 9, oldestCreatedAt: now, maxSize: 10, maxAgeSeconds: 600, now: now).etaSeconds == 0)
        #expect(
            QueueEstimate.economy(ahead: 0, oldestCreatedAt: now.addingTimeInterval(-900), maxSize: 10, maxAgeSeconds: 600, now: now).etaSeconds == 0)
        #expect(QueueEstimate.economy(ahead: 0, oldestCreatedAt: nil, maxSize: 10, maxAgeSeconds: 600, now: now).etaSeconds == 600)
    }
}
