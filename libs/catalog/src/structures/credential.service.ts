import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import type { CredentialKind, CredentialStatus } from './structure.entities';
import { CredentialRepository, type CredentialWithActivity } from './structure.repositories';
import { StructureAccess } from './structure-access.service';
import { credentialExpired, credentialNotFound, credentialStateConflict, forbidden } from './structures.errors';

export interface NewCredential {
  kind: CredentialKind;
  /** A URL or a reference (e.g. an habilitation number) an admin can check. */
  evidence: string;
  /** Last day of validity, 'YYYY-MM-DD'. */
  expiresOn?: string | null;
}

export interface CredentialView {
  id: string;
  structureId: string;
  kind: CredentialKind;
  evidence: string;
  expiresOn: string | null;
  status: CredentialStatus;
  /** Verified and not expired today: what search and offers count. */
  active: boolean;
  decidedAt: string | null;
  decisionReason: string | null;
  createdAt: string;
}

export type CredentialDecision = 'verify' | 'reject' | 'revoke';

/** Which status each decision leads to, from which statuses. */
const TRANSITIONS: Record<CredentialDecision, { from: CredentialStatus[]; to: CredentialStatus }> = {
  verify: { from: ['pending'], to: 'verified' },
  reject: { from: ['pending'], to: 'rejected' },
  revoke: { from: ['verified'], to: 'revoked' },
};

/** Credentials (labels, habilitations): declared by members, decided by admins, every decision audited. */
@Injectable()
export class CredentialService {
  constructor(
    private readonly credentials: CredentialRepository,
    private readonly access: StructureAccess,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async declare(actor: Actor, structureId: string, input: NewCredential): Promise<CredentialView> {
    const expiresOn = input.expiresOn ?? null;
    return this.transactions.run(async (tx) => {
      await this.access.assertMember(actor, structureId, tx);
      if (expiresOn !== null && (await this.credentials.isPast(expiresOn, tx))) throw credentialExpired(expiresOn);
      const credential = await this.credentials.save(
        this.credentials.build({ structureId, kind: input.kind, evidence: input.evidence.trim(), expiresOn, status: 'pending' }, tx),
        tx,
      );
      await this.audit.record(
        actor,
        { action: 'credential.declared', objectType: 'credential', objectId: credential.id, details: { structureId, kind: input.kind, expiresOn } },
        tx,
      );
      return toCredentialView((await this.credentials.findWithActivity(credential.id, tx))!);
    });
  }

  async list(actor: Actor, structureId: string): Promise<CredentialView[]> {
    await this.access.assertCanRead(actor, structureId);
    return (await this.credentials.listForStructure(structureId)).map(toCredentialView);
  }

  /**
   * An admin's decision: pending → verified | rejected, verified → revoked; anything else is
   * CREDENTIAL_STATE_CONFLICT. Verifying an expired credential is refused (CREDENTIAL_EXPIRED).
   */
  async decide(
    actor: Actor,
    structureId: string,
    credentialId: string,
    decision: CredentialDecision,
    reason: string | null,
  ): Promise<CredentialView> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    if (!isUuid(credentialId)) throw credentialNotFound();
    await this.access.assertCanRead(actor, structureId);
    const transition = TRANSITIONS[decision];
    return this.transactions.run(async (tx) => {
      const credential = await this.credentials.lockById(credentialId, tx);
      if (!credential || credential.structureId !== structureId) throw credentialNotFound();
      const from = credential.status;
      if (!transition.from.includes(from)) throw credentialStateConflict(from, decision);
      if (decision === 'verify' && credential.expiresOn !== null && (await this.credentials.isPast(credential.expiresOn, tx))) {
        throw credentialExpired(credential.expiresOn);
      }
      credential.status = transition.to;
      credential.decidedBy = actor.userId;
      credential.decidedAt = new Date();
      credential.decisionReason = reason?.trim() || null;
      await this.credentials.save(credential, tx);
      await this.audit.record(
        actor,
        {
          action: `credential.${transition.to}`,
          objectType: 'credential',
          objectId: credential.id,
          details: { structureId, kind: credential.kind, from, to: transition.to, reason: credential.decisionReason },
        },
        tx,
      );
      return toCredentialView((await this.credentials.findWithActivity(credential.id, tx))!);
    });
  }
}

function toCredentialView({ credential, active }: CredentialWithActivity): CredentialView {
  return {
    id: credential.id,
    structureId: credential.structureId,
    kind: credential.kind,
    evidence: credential.evidence,
    expiresOn: credential.expiresOn,
    status: credential.status,
    active,
    decidedAt: credential.decidedAt?.toISOString() ?? null,
    decisionReason: credential.decisionReason,
    createdAt: credential.createdAt.toISOString(),
  };
}
