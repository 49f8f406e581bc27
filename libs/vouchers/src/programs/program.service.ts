import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { CREDENTIAL_KINDS, ProcedureCatalog } from '@passerelle/catalog';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import { funderIdsOf } from '../vouchers-access';
import { forbidden, funderNotFound, funderRequired, invalidProgram } from '../vouchers.errors';
import { FunderRepository } from '../funders/funder.repository';
import { ProgramAccess } from './program-access.service';
import { ProgramRepository, type ProgramRecord, type ProgramStatus } from './program.repository';

export interface NewProgram {
  /** Needed only when the caller belongs to several funders. */
  funderId?: string;
  name: string;
  faceValueCents: number;
  budgetCents: number;
  /** First and last day of validity, 'YYYY-MM-DD', Europe/Paris. */
  validFrom: string;
  validUntil: string;
  /** Days after validUntil during which vouchers are still accepted. */
  graceDays: number;
  /** Empty lists mean "any": procedures and categories together say which procedures are covered. */
  eligibleProcedureCodes: string[];
  eligibleCategoryCodes: string[];
  eligibleDepartements: string[];
  requiredCredentials: string[];
  operatorFeeBp: number;
  perBeneficiaryLimit?: number | null;
}

export interface ProgramView {
  id: string;
  funderId: string;
  name: string;
  faceValueCents: number;
  budgetCents: number;
  issuedCents: number;
  budgetLeftCents: number;
  validFrom: string;
  validUntil: string;
  graceDays: number;
  redeemableFrom: string;
  redeemableUntil: string;
  eligibleProcedureCodes: string[];
  eligibleCategoryCodes: string[];
  eligibleDepartements: string[];
  requiredCredentials: string[];
  operatorFeeBp: number;
  perBeneficiaryLimit: number | null;
  status: ProgramStatus;
  createdAt: string;
}

/** Programs (dispositifs): created, read, paused and resumed by their funder's finance staff. */
@Injectable()
export class ProgramService {
  constructor(
    private readonly programs: ProgramRepository,
    private readonly funders: FunderRepository,
    private readonly access: ProgramAccess,
    private readonly procedures: ProcedureCatalog,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Actor, input: NewProgram): Promise<ProgramView> {
    if (!hasRole(actor, 'funder')) throw forbidden();
    const funderId = this.funderOf(actor, input.funderId);
    if (!(await this.funders.findById(funderId))) throw funderNotFound();
    await this.checkRules(input);
    const program = await this.transactions.run(async (tx) => {
      const created = await this.programs.insert(
        {
          funderId,
          name: input.name.trim(),
          faceValueCents: input.faceValueCents,
          budgetCents: input.budgetCents,
          validFrom: input.validFrom,
          validUntil: input.validUntil,
          graceDays: input.graceDays,
          eligibleProcedures: unique(input.eligibleProcedureCodes),
          eligibleCategories: unique(input.eligibleCategoryCodes),
          eligibleDepartements: unique(input.eligibleDepartements),
          requiredCredentials: unique(input.requiredCredentials),
          operatorFeeBp: input.operatorFeeBp,
          perBeneficiaryLimit: input.perBeneficiaryLimit ?? null,
          createdBy: actor.userId,
        },
        tx,
      );
      await this.audit.record(
        actor,
        { action: 'program.created', objectType: 'voucher_program', objectId: created.id, details: { ...toProgramView(created) } },
        tx,
      );
      return created;
    });
    return toProgramView(program);
  }

  async get(actor: Actor, programId: string): Promise<ProgramView> {
    return toProgramView(await this.access.programOfFunder(actor, programId));
  }

  async list(actor: Actor): Promise<ProgramView[]> {
    if (!hasRole(actor, 'funder')) throw forbidden();
    return (await this.programs.listForFunders(funderIdsOf(actor))).map(toProgramView);
  }

  /** Pausing stops new batches, assignments and redemptions; resuming lets them go on. */
  async setStatus(actor: Actor, programId: string, status: ProgramStatus): Promise<ProgramView> {
    return this.transactions.run(async (tx) => {
      const before = await this.access.programOfFunder(actor, programId, tx);
      const after = (await this.programs.setStatus(programId, status, tx))!;
      await this.audit.record(
        actor,
        {
          action: `program.${status === 'paused' ? 'paused' : 'resumed'}`,
          objectType: 'voucher_program',
          objectId: programId,
          details: { from: before.status, to: status },
        },
        tx,
      );
      return toProgramView(after);
    });
  }

  private funderOf(actor: Actor, requested: string | undefined): string {
    if (requested !== undefined) {
      if (!isMemberOf(actor, requested)) throw funderNotFound();
      return requested;
    }
    const funderIds = funderIdsOf(actor);
    if (funderIds.length === 0) throw funderNotFound();
    if (funderIds.length > 1) throw funderRequired();
    return funderIds[0]!;
  }

  private async checkRules(input: NewProgram): Promise<void> {
    if (input.budgetCents < input.faceValueCents) throw invalidProgram('Le budget doit couvrir au moins un chèque.');
    if (input.validFrom > input.validUntil) throw invalidProgram('La fin de validité doit suivre son début.');
    for (const kind of input.requiredCredentials) {
      if (!(CREDENTIAL_KINDS as readonly string[]).includes(kind)) throw invalidProgram(`Label inconnu : ${kind}.`);
    }
    for (const code of input.eligibleProcedureCodes) {
      if (!(await this.procedures.find(code))) throw invalidProgram(`Démarche inconnue : ${code}.`);
    }
    if (input.eligibleCategoryCodes.length > 0) {
      const known = new Set((await this.procedures.list()).map((category) => category.code));
      const unknown = input.eligibleCategoryCodes.find((code) => !known.has(code));
      if (unknown) throw invalidProgram(`Catégorie de démarches inconnue : ${unknown}.`);
    }
  }
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

export function toProgramView(program: ProgramRecord): ProgramView {
  return {
    id: program.id,
    funderId: program.funderId,
    name: program.name,
    faceValueCents: program.faceValueCents,
    budgetCents: program.budgetCents,
    issuedCents: program.issuedCents,
    budgetLeftCents: program.budgetCents - program.issuedCents,
    validFrom: program.validFrom,
    validUntil: program.validUntil,
    graceDays: program.graceDays,
    redeemableFrom: program.redeemableFrom.toISOString(),
    redeemableUntil: program.redeemableUntil.toISOString(),
    eligibleProcedureCodes: program.eligibleProcedures,
    eligibleCategoryCodes: program.eligibleCategories,
    eligibleDepartements: program.eligibleDepartements,
    requiredCredentials: program.requiredCredentials,
    operatorFeeBp: program.operatorFeeBp,
    perBeneficiaryLimit: program.perBeneficiaryLimit,
    status: program.status,
    createdAt: program.createdAt.toISOString(),
  };
}
