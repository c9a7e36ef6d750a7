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
