import { Injectable } from '@nestjs/common';
import { DomainError } from '@passerelle/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner, toSafeInteger } from '@passerelle/database';
import { UserDirectory, hasRole, type Actor } from '@passerelle/identity';
import { formatCode } from '../codes/voucher-code';
import { VoucherRepository, type VoucherStatus, type VoucherWithProgram } from '../redemption/voucher.repository';
import { FunderVoucherLookup } from './funder-voucher-lookup.service';
import {
  forbidden,
  programPaused,
  voucherAlreadyAssigned,
  voucherAlreadyRedeemed,
  voucherCancelled,
  voucherExpired,
} from '../vouchers.errors';

/** The person a voucher is handed to: an account, or a name and phone for people without one. */
export type Beneficiary = { userId: string } | { name: string; phone: string };

export interface AssignedVoucherView {
  code: string;
  status: VoucherStatus;
  programId: string;
  programName: string;
  faceValueCents: number;
  beneficiary: { userId: string | null; name: string | null; phone: string | null };
  assignedAt: string;
  /** Set once a mediator redeemed it: what the prescriber follows. */
  redeemedAt: string | null;
}

const beneficiaryNotFound = () => new DomainError('BENEFICIARY_NOT_FOUND', 'not_found', 'Bénéficiaire introuvable.');

/** Prescribers hand their funder's vouchers to people, and follow which ones were used. */
@Injectable()
export class AssignmentService {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly users: UserDirectory,
    private readonly lookup: FunderVoucherLookup,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async assign(actor: Actor, rawCode: string, beneficiary: Beneficiary): Promise<AssignedVoucherView> {
    if (!hasRole(actor, 'prescriber')) throw forbidden();
    const voucher = await this.lookup.find(actor, rawCode, 'assign');
    checkAssignable(voucher);
    const beneficiaryUserId = 'userId' in beneficiary ? beneficiary.userId : null;
    if (beneficiaryUserId && !(await this.users.findContact(beneficiaryUserId))) throw beneficiaryNotFound();
    await this.transactions.run(async (tx) => {
      const assigned = await this.vouchers.assign(
        {
          voucherId: voucher.id,
          assignedBy: actor.userId,
          beneficiaryUserId,
          beneficiaryName: 'name' in beneficiary ? beneficiary.name.trim() : null,
          beneficiaryPhone: 'phone' in beneficiary ? beneficiary.phone : null,
        },
        tx,
      );
      // Someone else changed it since our read (another assignment, a redemption, the expiry sweep).
      if (!assigned) checkAssignable({ ...voucher, status: await this.vouchers.statusOf(voucher.id) });
      // Ids only: the beneficiary's name and phone stay in the assignment row, not in the log.
      await this.audit.record(
        actor,
        { action: 'voucher.assigned', objectType: 'voucher', objectId: voucher.id, details: { programId: voucher.program.id, beneficiaryUserId } },
        tx,
      );
    });
    return (await this.assignedViews(actor.userId, voucher.id))[0]!;
  }

  async assignedByMe(actor: Actor): Promise<AssignedVoucherView[]> {
    if (!hasRole(actor, 'prescriber')) throw forbidden();
    return this.assignedViews(actor.userId);
  }

  private async assignedViews(userId: string, voucherId?: string): Promise<AssignedVoucherView[]> {
    return (await this.vouchers.assignedBy(userId, voucherId)).map((row) => ({
      code: formatCode(row.code),
      status: row.status,
      programId: row.program_id,
      programName: row.program_name,
      faceValueCents: toSafeInteger(row.face_value_cents),
      beneficiary: { userId: row.beneficiary_user_id, name: row.beneficiary_name, phone: row.beneficiary_phone },
      assignedAt: row.assigned_at.toISOString(),
      redeemedAt: row.redeemed_at?.toISOString() ?? null,
    }));
  }
}

function checkAssignable(voucher: VoucherWithProgram): void {
  switch (voucher.status) {
    case 'assigned':
      throw voucherAlreadyAssigned();
    case 'redeemed':
    case 'invoiced':
    case 'paid':
      throw voucherAlreadyRedeemed();
    case 'expired':
      throw voucherExpired();
    case 'cancelled':
      throw voucherCancelled();
    case 'issued':
      break;
  }
  if (voucher.program.redeemableUntil.getTime() <= Date.now()) throw voucherExpired();
  if (voucher.program.status === 'paused') throw programPaused();
}
