import Testing

@testable import VTONDomain

struct TaskStatusTests {
    @Test func statesOnlyMoveForwardExceptRequeue() {
        #expect(TaskStatus.queued.canMove(to: .running))
        #expect(TaskStatus.queued.canMove(to: .canceled))
        #expect(TaskStatus.running.canMove(to: .succeeded))
        #expect(TaskStatus.running.canMove(to: .failed))
        #expect(TaskStatus.running.canMove(to: .canceled))
        #expect(TaskStatus.running.canMove(to: .queued))
        #expect(!TaskStatus.queued.canMove(to: .succeeded))
        for terminal in [TaskStatus.succeeded, .failed, .canceled] {
            #expect(terminal.isTerminal)
            for next in TaskStatus.allCases { #expect(!terminal.canMove(to: next)) }
        }
    }

    @Test func progressReachesOneHundredAtTheEnd() {
        #expect(TaskStatus.queued.progress == 0)
        #expect(TaskStatus.succeeded.progress == 100)
    }
}

struct RetryPolicyTests {
    let policy = RetryPolicy(maxAttempts: 4, initialDelay: 1, multiplier: 2, maxDelay: 10, jitter: 1)

    @Test func backoffGrowsExponentiallyWithJitterAndCap() {
        #expect(policy.delay(afterAttempt: 1, providerHint: nil, randomUnit: 0) == 1)
        #expect(policy.delay(afterAttempt: 2, providerHint: nil, randomUnit: 0.5) == 2.5)
        #expect(policy.delay(afterAttempt: 3, providerHint: nil, randomUnit: 0) == 4)
        #expect(policy.delay(afterAttempt: 9, providerHint: nil, randomUnit: 0.9) == 10)
    }

    @Test func providerHintIsHonouredButCapped() {
        #expect(policy.delay(afterAttempt: 1, providerHint: 7, randomUnit: 0) == 7)
        #expect(policy.delay(afterAttempt: 3, providerHint: 0.5, randomUnit: 0) == 4)
        #expect(policy.delay(afterAttempt: 1, providerHint: 60, randomUnit: 0) == 10)
    }

    @Test func attemptsAreBounded() {
        #expect(policy.allowsAnotherAttempt(after: 3))
        #expect(!policy.allowsAnotherAttempt(after: 4))
    }
}
