import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { OrganisationDirectory, hasRole, type Actor } from '@passerelle/identity';
import type { StructureEntity } from './structure.entities';
import { StructureRepository } from './structure.repositories';
import { StructureAccess } from './structure-access.service';
import { normaliseRna, normaliseSiret } from './structure-rules';
import { forbidden, identifierRequired, structureAlreadyRegistered, structureNotFound } from './structures.errors';

export interface NewStructure {
  name: string;
  siret?: string;
  rna?: string;
}

export type StructurePatch = Partial<NewStructure>;

export interface StructureView {
  id: string;
  name: string;
  siret: string | null;
  rna: string | null;
  createdAt: string;
  updatedAt: string;
}

/** Structures: created by a mediator (who becomes its first member), changed by members only. */
@Injectable()
export class StructureService {
  constructor(
    private readonly structures: StructureRepository,
    private readonly access: StructureAccess,
    private readonly organisations: OrganisationDirectory,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  /** Creates the organisation, the structure and the caller's membership together, audited. */
  async create(actor: Actor, input: NewStructure): Promise<StructureView> {
    if (!hasRole(actor, 'mediator')) throw forbidden();
    const siret = input.siret !== undefined ? normaliseSiret(input.siret) : null;
    const rna = input.rna !== undefined ? normaliseRna(input.rna) : null;
    if (siret === null && rna === null) throw identifierRequired();
    const name = input.name.trim();
    return this.transactions.run(async (tx) => {
      const { organisationId } = await this.organisations.createWithMember('structure', name, actor.userId, tx);
      const written = await this.structures.save(this.structures.build({ id: organisationId, name, siret, rna }, tx), tx);
      if (!written.ok) throw structureAlreadyRegistered(written.duplicate);
      await this.audit.record(
        actor,
        { action: 'structure.created', objectType: 'structure', objectId: organisationId, details: { siret, rna } },
        tx,
      );
      return toStructureView(written.structure);
    });
  }

  /** Members and admins; anyone else gets STRUCTURE_NOT_FOUND. */
  async get(actor: Actor, structureId: string): Promise<StructureView> {
    await this.access.assertCanRead(actor, structureId);
    const structure = await this.structures.findById(structureId);
    if (!structure) throw structureNotFound();
    return toStructureView(structure);
  }

  async update(actor: Actor, structureId: string, patch: StructurePatch): Promise<StructureView> {
    const changes: Partial<Pick<StructureEntity, 'name' | 'siret' | 'rna'>> = {};
    if (patch.name !== undefined) changes.name = patch.name.trim();
    if (patch.siret !== undefined) changes.siret = normaliseSiret(patch.siret);
    if (patch.rna !== undefined) changes.rna = normaliseRna(patch.rna);
    return this.transactions.run(async (tx) => {
      await this.access.assertMember(actor, structureId, tx);
      const structure = await this.structures.lockById(structureId, tx);
      if (!structure) throw structureNotFound();
      const changed = (Object.keys(changes) as (keyof typeof changes)[]).filter((field) => structure[field] !== changes[field]);
      if (changed.length === 0) return toStructureView(structure);
      Object.assign(structure, changes);
      const written = await this.structures.save(structure, tx);
      if (!written.ok) throw structureAlreadyRegistered(written.duplicate);
      // The organisation shares the structure's id; its name is what members see in /me.
      if (changed.includes('name')) await this.organisations.rename(structureId, written.structure.name, tx);
      await this.audit.record(
        actor,
        { action: 'structure.updated', objectType: 'structure', objectId: structureId, details: { fields: changed, ...changes } },
        tx,
      );
      return toStructureView(written.structure);
    });
  }
}

function toStructureView(structure: StructureEntity): StructureView {
  return {
    id: structure.id,
    name: structure.name,
    siret: structure.siret,
    rna: structure.rna,
    createdAt: structure.createdAt.toISOString(),
    updatedAt: structure.updatedAt.toISOString(),
  };
}
