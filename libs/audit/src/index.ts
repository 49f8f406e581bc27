export type { AuditEntryEntity } from './audit-entry.entity';
export { AuditModule } from './audit.module';
export { AuditService, SYSTEM_ACTOR, type AuditActor, type AuditRecord } from './audit.service';
