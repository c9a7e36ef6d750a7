import Foundation
import VTONDomain

/// The answer to `POST /api/v1/uploads` (API.md §2.2).
struct UploadDTO: Encodable {
    let id: UUID
    let url: String
    let mimeType: String
    let width: Int
    let height: Int
    let bytes: Int
    let sha256: String

    init(_ file: StoredFile, signer: URLSigner) {
        id = file.id
        url = signer.signedPath(fileID: file.id)
        mimeType = file.mimeType
        width = file.width
        height = file.height
        bytes = file.bytes
        sha256 = file.sha256
    }
}
