import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { AccountService, OrganisationDirectory, hasRole, type AccountView, type Actor } from '@passerelle/identity';
import { isUuid } from '@passerelle/common';
import { forbidden, funderNotFound, funderSiretTaken } from '../vouchers.errors';
import { FunderRepository, type FunderRow, type FunderSector } from './funder.repository';

export interface NewFunder {
  legalName: string;
  siret: string;
  sector: FunderSector;
  billingAddress: string;
  /** Public bodies invoiced through Chorus Pro: the buyer's service code and commitment number. */
  chorusServiceCode?: string | null;
  chorusCommitmentNumber?: string | null;
}

export interface FunderView {
  id: string;
  legalName: string;
  siret: string;
  sector: FunderSector;
  billingAddress: string;
  chorusServiceCode: string | null;
  chorusCommitmentNumber: string | null;
  createdAt: string;
}

export interface NewFunderMember {
  email: string;
  password: string;
  displayName: string;
  role: 'funder' | 'prescriber';
}

/** Funders (the organisations that pay) and their staff, registered by admins. */
@Injectable()
export class FunderService {
  constructor(
    private readonly funders: FunderRepository,
    private readonly organisations: OrganisationDirectory,
    private readonly accounts: AccountService,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async register(actor: Actor, input: NewFunder): Promise<FunderView> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    const isPublic = input.sector === 'public';
    return this.transactions.run(async (tx) => {
      const legalName = input.legalName.trim();
      const { organisationId } = await this.organisations.create('funder', legalName, tx);
      const funder = await this.funders.insertIfSiretFree(
        {
          id: organisationId,
          legalName,
          siret: input.siret,
          sector: input.sector,
          billingAddress: input.billingAddress.trim(),
          chorusServiceCode: isPublic ? (input.chorusServiceCode?.trim() || null) : null,
          chorusCommitmentNumber: isPublic ? (input.chorusCommitmentNumber?.trim() || null) : null,
        },
        tx,
      );
      if (!funder) throw funderSiretTaken();
      await this.audit.record(
        actor,
        { action: 'funder.registered', objectType: 'funder', objectId: funder.id, details: { siret: funder.siret, sector: funder.sector } },
        tx,
      );
      return toFunderView(funder);
    });
  }

  /** A funder staff account (finance: 'funder', social worker: 'prescriber') in this funder. */
  async addMember(actor: Actor, funderId: string, input: NewFunderMember): Promise<AccountView> {
    if (!hasRole(actor, 'admin')) throw forbidden();
    if (!isUuid(funderId) || !(await this.funders.findById(funderId))) throw funderNotFound();
    return this.accounts.createAccount(actor, { ...input, organisationId: funderId });
  }
}

function toFunderView(row: FunderRow): FunderView {
  return {
    id: row.id,
    legalName: row.legal_name,
    siret: row.siret,
    sector: row.sector,
    billingAddress: row.billing_address,
    chorusServiceCode: row.chorus_service_code,
    chorusCommitmentNumber: row.chorus_commitment_number,
    createdAt: row.created_at.toISOString(),
  };
}
