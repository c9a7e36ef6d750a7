import FluentKit

/// Every schema change in the order it landed. Append only: a landed migration is never edited.
public enum SchemaMigrations {
    public static let all: [any Migration] = [
        CreateUsers(),
        CreateTasks(),
        CreateTaskEvents(),
        CreateStoredFiles(),
        CreateBatches(),
        AddBatchIndexToTasks(),
        AddTryOnCategoryToTasks(),
        CreatePromptTemplates(),
        AddDeadlineToTasks(),
        AddKindToBatches(),
        CreateRoles(),
        CreateUserRoles(),
        AddCreditsToUsers(),
        CreateCreditLedger(),
        AddCreditHoldToTasks(),
        CreateAPIKeys(),
        CreateAuditLog(),
        AddRetentionToStoredFiles(),
        AddVisibleTasksIndex(),
        DropDuplicateUserCreatedIndex(),
        ReplaceTaskStatusIndex(),
        AddCaseInsensitiveUserIndexes(),
        AddUniqueIdempotencyKeys(),
        AddProviderChargeToTasks(),
        CreateWebhookSecrets(),
        CreateTaskWebhooks(),
        CreateWebhookDeliveries(),
        CreateWebhookAttempts(),
        AddFavouriteToTasks(),
        CreateTaskPromptSearch(),
        AddVariationGroupToTasks(),
        CreateShareLinks(),
    ]
}
