import Foundation

/// The name a result image is saved under, the same in the web client's downloads and in a ZIP
/// export: `vton-2026-12-06-a-red-bicycle-<whole task id, as the API writes it>-1.png`. The date, the prompt's first
/// words and the whole id, so that no two results share a name (time-ordered ids share their
/// first characters); a batch's entries start with their place in the batch, so they sort in it.
public enum ResultFileName {
    public static func of(_ task: ImageTask, imageNumber: Int, mimeType: String) -> String {
        let date = (task.finishedAt ?? task.createdAt).formatted(.iso8601.year().month().day())
        let name = ["vton", date, slug(of: task), task.id.uuidString, String(imageNumber)].joined(separator: "-")
        let place = task.batchIndex.map { String(format: "%03d-", $0 + 1) } ?? ""
        return place + name + "." + fileExtension(of: mimeType)
    }

    /// The first words of the prompt (any script), or what the task was when it has none.
    static func slug(of task: ImageTask) -> String {
        let words = task.prompt.lowercased().split { !($0.isLetter || $0.isNumber) }.prefix(6)
        var slug = String(words.joined(separator: "-").prefix(48))
        while slug.hasSuffix("-") { slug.removeLast() }
        if !slug.isEmpty { return slug }
        return task.tryOnCategory.map { "tryon-\($0.rawValue)" } ?? "image"
    }

    static func fileExtension(of mimeType: String) -> String {
        switch mimeType {
        case "image/jpeg": "jpg"
        case "image/webp": "webp"
        default: "png"
        }
    }
}
