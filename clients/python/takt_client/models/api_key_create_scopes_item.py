from enum import StrEnum


class ApiKeyCreateScopesItem(StrEnum):
    ADMIN = "admin"
    AUDITREAD = "audit:read"
    CONFIGWRITE = "config:write"
    ISSUESWRITE = "issues:write"
    ORDERSWRITE = "orders:write"
    QUALITYWRITE = "quality:write"
    READ = "read"
    UNITSEXECUTE = "units:execute"
    USERSADMIN = "users:admin"

    def __str__(self) -> str:
        return str(self.value)
