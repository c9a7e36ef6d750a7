/// Deterministic faults for tests and demos, written into the prompt itself:
/// `[[fail:503*2]]` fails the first two calls carrying that exact prompt with 503,
/// `[[slow:N]]` answers normally after N seconds, and every fault name of `FaultPlan`
/// (`[[safety]]`, `[[quota0]]`, `[[thought_only]]`, `[[hang]]`…) always does what it says.
struct PromptDirective: Equatable {
    let fault: FaultPlan.Fault
    /// How many calls fail before the request succeeds; nil means every call.
    let times: Int?

    static func find(in prompt: String) -> PromptDirective? {
        guard let open = prompt.range(of: "[["), let close = prompt.range(of: "]]", range: open.upperBound..<prompt.endIndex) else {
            return nil
        }
        let body = prompt[open.upperBound..<close.lowerBound]
        if body.hasPrefix("fail:") {
            let spec = body.dropFirst("fail:".count).split(separator: "*")
            guard let first = spec.first, let fault = FaultPlan.fault(named: String(first)) else { return nil }
            return PromptDirective(fault: fault, times: spec.count > 1 ? Int(spec[1]) : nil)
        }
        if body.hasPrefix("slow:") {
            guard let seconds = Double(body.dropFirst("slow:".count)), seconds >= 0 else { return nil }
            return PromptDirective(fault: .slow(seconds), times: nil)
        }
        return FaultPlan.fault(named: String(body)).map { PromptDirective(fault: $0, times: nil) }
    }
}
