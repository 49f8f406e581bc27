import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { paymentReceived } from '../ledger/journals';
import { Ledger } from '../ledger/ledger.service';
import { PayoutPlanner } from '../payouts/payout-planner.service';
import { PaymentRepository, type NewPayment, type PayableInvoice, type PaymentRow } from './payment.repository';

/**
 * Books one payment received for a locked invoice, whatever its channel: the payment row (the
 * database adds it to the invoice), its `payment_received` journal, and — when it completes the
 * invoice — the structures' payout lines, all in the caller's transaction.
 */
@Injectable()
export class PaymentRecorder {
  constructor(
    private readonly payments: PaymentRepository,
    private readonly ledger: Ledger,
    private readonly payouts: PayoutPlanner,
  ) {}

  async record(manager: EntityManager, invoice: PayableInvoice, payment: NewPayment): Promise<{ payment: PaymentRow; paid: boolean }> {
    const row = await this.payments.insert(manager, payment);
    await this.ledger.post(
      manager,
      paymentReceived({
        paymentKey: row.id,
        funderId: invoice.funderId,
        amountCents: row.amountCents,
        via: row.source === 'stripe' ? 'stripe' : 'bank',
        occurredAt: payment.receivedAt,
      }),
    );
    const paid = invoice.amountPaidCents + row.amountCents === invoice.owedCents;
    if (paid) await this.payouts.planForPaidInvoice(manager, invoice.id);
    return { payment: row, paid };
  }
}
