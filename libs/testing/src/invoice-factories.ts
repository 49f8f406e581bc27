import { InvoicingRunService } from '@passerelle/billing';
import { redeemVouchers } from './redemption-factories';
import { createProgramWithVouchers } from './voucher-factories';
import type { TestApi } from './test-api';

export interface InvoicedProgram {
  invoiceId: string;
  number: string;
  programId: string;
}

/**
 * A program of the funder whose vouchers (10,00 € each) were redeemed in September 2026, by
 * structure and procedure as given, then invoiced by the real invoicing run on 1 October 2026.
 */
export async function createInvoicedProgram(
  api: TestApi,
  options: { funderId: string; createdBy: string; operatorRateBp: number; redemptions: { structureId: string; procedureCode: string; count: number }[] },
): Promise<InvoicedProgram> {
  const count = options.redemptions.reduce((sum, r) => sum + r.count, 0);
  const { programId, codes } = await createProgramWithVouchers(api.dataSource, {
    funderId: options.funderId,
    createdBy: options.createdBy,
    validFrom: '2026-01-01',
    validUntil: '2027-12-31',
    count,
  });
  await api.dataSource.query('UPDATE voucher_programs SET operator_rate_bp = $2 WHERE id = $1', [programId, options.operatorRateBp]);
  for (const r of options.redemptions) {
    await redeemVouchers(api.dataSource, {
      codes: codes.splice(0, r.count),
      on: { structureId: r.structureId, procedureCode: r.procedureCode },
      redeemedBy: options.createdBy,
      redeemedAt: '2026-09-15T10:00:00+02:00',
    });
  }
  const summary = await api.app.get(InvoicingRunService).run('system', '2026-09', new Date('2026-10-01T06:00:00+02:00'));
  const created = summary.created.find((c) => c.programId === programId);
  if (!created) throw new Error(`program ${programId} was not invoiced: ${JSON.stringify(summary.failed)}`);
  return { invoiceId: created.invoiceId, number: created.number, programId };
}
