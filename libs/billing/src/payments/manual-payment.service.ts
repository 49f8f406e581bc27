import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import { OutboxWriter } from '@passerelle/outbox';
import { hasRole, type Actor } from '@passerelle/identity';
import {
  invoiceAlreadyPaid,
  invoiceNotFound,
  invoiceNotPayable,
  invoicingForbidden,
  paymentDateInvalid,
  paymentExceedsAmountDue,
  paymentReferenceConflict,
} from '../billing.errors';
import { isUuid } from '@passerelle/common';
import { BILLING_QUEUE, PAYMENT_INTENT_SYNC_JOB } from '../billing-queue';
import { parisDate, parisStartOf } from '../invoicing/invoicing-period';
import type { InvoiceStatus } from '../invoices/invoice.types';
import { PaymentRecorder } from './payment-recorder.service';
import { PaymentRepository } from './payment.repository';

export interface BankPaymentInput {
  amountCents: number;
  /** The transfer's reference as it appears on the platform's bank statement. */
  reference: string;
  /** 'YYYY-MM-DD', the day the money arrived (Europe/Paris). */
  receivedOn: string;
}

export interface RecordedPaymentView {
  invoiceId: string;
  status: InvoiceStatus;
  amountPaidCents: number;
  amountDueCents: number;
  paymentId: string;
  /** True when this reference was already recorded with the same amount and date: nothing changed. */
  duplicate: boolean;
}

/**
 * An admin records a bank transfer received on the platform's account. Partial payments add up;
 * a reference is recorded once per invoice (a repeat changes nothing); more than the amount due is
 * refused (and PostgreSQL would refuse it too: amount paid never exceeds the invoice total).
 */
@Injectable()
export class ManualPaymentService {
  constructor(
    private readonly transactions: TransactionRunner,
    private readonly payments: PaymentRepository,
    private readonly recorder: PaymentRecorder,
    private readonly audit: AuditService,
    private readonly outbox: OutboxWriter,
  ) {}

  markPaid(actor: Actor, invoiceId: string, input: BankPaymentInput, now = new Date()): Promise<RecordedPaymentView> {
    if (!hasRole(actor, 'admin')) throw invoicingForbidden();
    if (!isUuid(invoiceId)) throw invoiceNotFound();
    const receivedAt = parisStartOf(input.receivedOn);
    if (receivedAt === null || input.receivedOn > parisDate(now)) throw paymentDateInvalid();
    const reference = input.reference.trim();
    return this.transactions.run(async (manager) => {
      const invoice = await this.payments.lockInvoice(manager, invoiceId);
      if (!invoice) throw invoiceNotFound();
      const existing = await this.payments.findByReference(manager, invoice.id, reference);
      const current = { invoiceId: invoice.id, status: invoice.status, amountPaidCents: invoice.amountPaidCents, amountDueCents: invoice.owedCents - invoice.amountPaidCents };
      if (existing) {
        if (existing.source !== 'bank_transfer' || existing.amountCents !== input.amountCents || existing.receivedOn !== input.receivedOn) {
          throw paymentReferenceConflict();
        }
        return { ...current, paymentId: existing.id, duplicate: true };
      }
      if (invoice.typeCode !== 380 || invoice.status === 'credited') throw invoiceNotPayable();
      if (invoice.status === 'paid') throw invoiceAlreadyPaid();
      if (input.amountCents > current.amountDueCents) throw paymentExceedsAmountDue(current.amountDueCents);
      const { payment, paid } = await this.recorder.record(manager, invoice, {
        invoiceId: invoice.id,
        source: 'bank_transfer',
        reference,
        amountCents: input.amountCents,
        receivedOn: input.receivedOn,
        receivedAt,
        recordedBy: actor.userId,
      });
      await this.audit.record(
        actor,
        {
          action: 'invoice.payment_recorded',
          objectType: 'invoice',
          objectId: invoice.id,
          details: { paymentId: payment.id, amountCents: payment.amountCents, reference, receivedOn: input.receivedOn },
        },
        manager,
      );
      // The invoice's open PaymentIntent still asks the old amount: the worker updates or cancels it after commit.
      if (invoice.stripePaymentIntentId !== null) {
        await this.outbox.add(manager, { queue: BILLING_QUEUE, name: PAYMENT_INTENT_SYNC_JOB, payload: { invoiceId: invoice.id } });
      }
      const amountPaidCents = invoice.amountPaidCents + payment.amountCents;
      return {
        invoiceId: invoice.id,
        status: paid ? 'paid' : 'partially_paid',
        amountPaidCents,
        amountDueCents: invoice.owedCents - amountPaidCents,
        paymentId: payment.id,
        duplicate: false,
      };
    });
  }
}
