import Hummingbird

extension TaskDTO: ResponseEncodable {}
extension TaskCreatedDTO: ResponseEncodable {}
extension TaskListDTO: ResponseEncodable {}
extension EnvelopeDTO: ResponseEncodable {}
extension UserInfoDTO: ResponseEncodable {}
extension MessageDTO: ResponseEncodable {}
extension UploadDTO: ResponseEncodable {}
extension BatchCreatedDTO: ResponseEncodable {}
extension BatchStatusDTO: ResponseEncodable {}
extension BatchResultsDTO: ResponseEncodable {}
extension UserDTO: ResponseEncodable {}
extension PagedDTO: ResponseEncodable {}
extension PasswordResetDTO: ResponseEncodable {}
extension RoleDTO: ResponseEncodable {}
extension PermissionListDTO: ResponseEncodable {}
extension BalanceDTO: ResponseEncodable {}
extension LedgerEntryDTO: ResponseEncodable {}
extension APIKeyIssuedDTO: ResponseEncodable {}
extension APIKeyListDTO: ResponseEncodable {}
extension SystemStatusDTO: ResponseEncodable {}
extension ModelListDTO: ResponseEncodable {}
extension ShareLinkDTO: ResponseEncodable {}
extension ShareLinkListDTO: ResponseEncodable {}
extension SharedTaskDTO: ResponseEncodable {}
