import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { isMemberOf, type Actor } from '@passerelle/identity';
import { isWellFormedCode, normaliseCode } from '../codes/voucher-code';
import { VoucherRepository, type VoucherWithProgram } from '../redemption/voucher.repository';
import { WrongCodeThrottle } from '../redemption/wrong-code-throttle.service';
import { funderIdsOf } from '../vouchers-access';
import { voucherNotFound } from '../vouchers.errors';

/**
 * A voucher of one of the caller's funders, by code (prescribers assigning, staff cancelling).
 * Wrong codes — another funder's included — count against the caller and their funder, and are
 * audited without the code itself (a near miss would point at a real one).
 */
@Injectable()
export class FunderVoucherLookup {
  constructor(
    private readonly vouchers: VoucherRepository,
    private readonly throttle: WrongCodeThrottle,
    private readonly audit: AuditService,
  ) {}

  async find(actor: Actor, rawCode: string, during: 'assign' | 'cancel'): Promise<VoucherWithProgram> {
    const code = normaliseCode(rawCode);
    const organisationId = funderIdsOf(actor)[0];
    await this.throttle.assertAllowed(actor.userId, organisationId);
    const voucher = isWellFormedCode(code) ? await this.vouchers.findByCode(code) : null;
    if (!voucher || !isMemberOf(actor, voucher.program.funderId)) {
      await this.throttle.recordWrongCode(actor.userId, organisationId);
      await this.audit.record(actor, {
        action: 'voucher.wrong_code',
        objectType: 'funder',
        objectId: organisationId ?? null,
        details: { during },
      });
      throw voucherNotFound();
    }
    return voucher;
  }
}
