import Foundation
import Testing
import VTONDomain

/// The webhook rules that need no server: which URLs are taken, when attempts are retried,
/// which event a task's end announces.
struct WebhookRulesTests {
    @Test(arguments: ["https://hooks.example.com/in", "https://hooks.example.com:8443/in?token=abc", "https://93.184.216.34/in"])
    func httpsURLsAreTaken(url: String) throws {
        let parsed = try WebhookURL.validate(url, field: "webhook_url", allowLoopback: false)
        #expect(parsed.isHTTPS)
    }

    @Test(arguments: [
        "http://hooks.example.com/in", "ftp://hooks.example.com/in", "hooks.example.com/in", "https:///in", "https://u:p@hooks.example.com/in",
        "https://localhost/in", "https://127.0.0.1/in", "http://127.0.0.1/in", "https://[::1]/in",
    ])
    func otherURLsAreRefusedNamingTheField(url: String) {
        #expect(throws: ValidationError.self) { try WebhookURL.validate(url, field: "webhook_url", allowLoopback: false) }
        do { _ = try WebhookURL.validate(url, field: "webhook_url", allowLoopback: false) } catch { #expect(error.field == "webhook_url") }
    }

    @Test func theOperatorMayAllowLoopbackReceiversByHTTP() throws {
        #expect(try WebhookURL.validate("http://127.0.0.1:8080/in", field: "f", allowLoopback: true).isHTTPS == false)
        #expect(try WebhookURL.validate("http://localhost/in", field: "f", allowLoopback: true).host == "localhost")
        #expect(throws: ValidationError.self) { try WebhookURL.validate("http://hooks.example.com/in", field: "f", allowLoopback: true) }
    }

    @Test func theStandardScheduleEndsAboutADayAfterTheFirstAttempt() {
        let schedule = WebhookRetrySchedule.standard
        #expect(schedule.maxAttempts == 8)
        #expect(schedule.delay(afterAttempt: 1) == 5)
        #expect(schedule.delay(afterAttempt: 8) == nil)
        let total = schedule.delays.reduce(0, +)
        #expect(total > 20 * 3600 && total <= 24 * 3600, "\(total / 3600) h")
        #expect(WebhookRetrySchedule.parse("0.2, 0.5") == WebhookRetrySchedule(delays: [0.2, 0.5]))
        #expect(WebhookRetrySchedule.parse("5,x") == nil)
        #expect(WebhookRetrySchedule.parse("5,-1") == nil)
    }

    @Test func anAttemptLeavesItsDeliveryByTheAnswerAndTheSchedule() throws {
        let schedule = try #require(WebhookRetrySchedule(delays: [1]))
        func attempt(_ number: Int, _ status: Int?) -> WebhookAttempt {
            WebhookAttempt(deliveryID: .timeOrdered(), number: number, startedAt: .now, durationMilliseconds: 1, statusCode: status, error: nil)
        }
        #expect(attempt(1, 204).outcome(refused: false, schedule: schedule) == .delivered)
        #expect(attempt(1, 500).outcome(refused: false, schedule: schedule) == .pending)
        #expect(attempt(1, 302).outcome(refused: false, schedule: schedule) == .pending)
        #expect(attempt(2, nil).outcome(refused: false, schedule: schedule) == .failed)
        #expect(attempt(1, nil).outcome(refused: true, schedule: schedule) == .refused)
    }

    @Test func onlyAnEndedTaskHasAnEvent() {
        #expect(WebhookEventType(terminal: .succeeded) == .taskSucceeded)
        #expect(WebhookEventType(terminal: .failed) == .taskFailed)
        #expect(WebhookEventType(terminal: .canceled) == .taskCanceled)
        #expect(WebhookEventType(terminal: .running) == nil)
    }
}
