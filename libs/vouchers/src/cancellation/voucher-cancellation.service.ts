import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { hasRole, type Actor } from '@passerelle/identity';
import { FunderVoucherLookup } from '../assignment/funder-voucher-lookup.service';
import { formatCode } from '../codes/voucher-code';
import { checkRedeemableState } from '../redemption/eligibility';
import { VoucherRepository } from '../redemption/voucher.repository';
import { forbidden, voucherAlreadyRedeemed } from '../vouchers.errors';

export interface CancelledVoucherView {
  code: string;
  status: 'cancelled';
  programId: string;
  /** What the cancellation gave back to the program's budget. */
  releasedCents: number;
}

/**
 * A funder's finance staff cancel a voucher that must never be used (a lost or stolen booklet):
 * from then on it answers 410, and its value is free to issue again. Used vouchers stay as they are.
 */
@Injectable()
export class VoucherCancellationService {
  constructor(
    private readonly lookup: FunderVoucherLookup,
    private readonly vouchers: VoucherRepository,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
  ) {}

  async cancel(actor: Actor, rawCode: string): Promise<CancelledVoucherView> {
    if (!hasRole(actor, 'funder')) throw forbidden();
    const voucher = await this.lookup.find(actor, rawCode, 'cancel');
    await this.transactions.run(async (tx) => {
      if (!(await this.vouchers.cancel(voucher.id, tx))) {
        // Used (409) or gone (410) meanwhile: say which, as a redemption would.
        checkRedeemableState({ ...voucher, status: await this.vouchers.statusOf(voucher.id) }, new Date(0));
        throw voucherAlreadyRedeemed();
      }
      await this.audit.record(
        actor,
        {
          action: 'voucher.cancelled',
          objectType: 'voucher',
          objectId: voucher.id,
          details: { programId: voucher.program.id, from: voucher.status },
        },
        tx,
      );
    });
    return {
      code: formatCode(voucher.code),
      status: 'cancelled',
      programId: voucher.program.id,
      releasedCents: voucher.faceValueCents,
    };
  }
}
