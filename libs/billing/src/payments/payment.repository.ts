import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { toSafeInteger } from '@passerelle/database';
import type { InvoiceStatus } from '../invoices/invoice.types';

/** What paying an invoice needs of it, read under its row lock. */
export interface PayableInvoice {
  id: string;
  number: string;
  typeCode: number;
  funderId: string;
  buyerName: string;
  buyerIsPublic: boolean;
  status: InvoiceStatus;
  /** What the funder owes on it: its total less its credit notes (payments then come off this). */
  owedCents: number;
  amountPaidCents: number;
  paymentIban: string | null;
  paymentReference: string | null;
  stripePaymentIntentId: string | null;
  /** PaymentIntents created for the invoice so far (the next one is attempt + 1). */
  paymentIntentAttempts: number;
}

export interface NewPayment {
  invoiceId: string;
  source: 'bank_transfer' | 'stripe';
  reference: string;
  amountCents: number;
  receivedOn: string;
  receivedAt: Date;
  stripePaymentIntentId?: string;
  stripeChargeId?: string;
  stripeEventId?: string;
  recordedBy?: string;
}

export interface PaymentRow {
  id: string;
  invoiceId: string;
  source: 'bank_transfer' | 'stripe';
  reference: string;
  amountCents: number;
  receivedOn: string;
  stripeChargeId: string | null;
}

const PAYMENT_COLUMNS = `id, invoice_id, source, reference, amount_cents, to_char(received_on, 'YYYY-MM-DD') AS received_on, stripe_charge_id`;

function toPayment(row: Record<string, unknown>): PaymentRow {
  return {
    id: row.id as string,
    invoiceId: row.invoice_id as string,
    source: row.source as PaymentRow['source'],
    reference: row.reference as string,
    amountCents: toSafeInteger(row.amount_cents as string),
    receivedOn: row.received_on as string,
    stripeChargeId: (row.stripe_charge_id as string | null) ?? null,
  };
}

/** Invoices as payments see them, payments received, and the funders' Stripe customers. */
@Injectable()
export class PaymentRepository {
  /** The invoice, locked until the caller's transaction ends (payments of one invoice queue up). */
  lockInvoice(manager: EntityManager, invoiceId: string): Promise<PayableInvoice | null> {
    return this.payable(manager, invoiceId, 'FOR UPDATE');
  }

  /** The invoice as it stands, without a lock (for work that must not hold one, e.g. during a Stripe call). */
  findInvoice(manager: EntityManager, invoiceId: string): Promise<PayableInvoice | null> {
    return this.payable(manager, invoiceId, '');
  }

  private async payable(manager: EntityManager, invoiceId: string, lock: 'FOR UPDATE' | ''): Promise<PayableInvoice | null> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT id, number, type_code, funder_id, buyer->>'name' AS buyer_name, buyer_is_public, status,
              total_gross_cents - credited_gross_cents AS owed_cents, amount_paid_cents, payment_iban, payment_reference,
              stripe_payment_intent_id, stripe_payment_intent_attempts
         FROM invoices WHERE id = $1 ${lock}`,
      [invoiceId],
    );
    if (!row) return null;
    return {
      id: row.id as string,
      number: row.number as string,
      typeCode: row.type_code as number,
      funderId: row.funder_id as string,
      buyerName: row.buyer_name as string,
      buyerIsPublic: row.buyer_is_public as boolean,
      status: row.status as InvoiceStatus,
      owedCents: toSafeInteger(row.owed_cents as string),
      amountPaidCents: toSafeInteger(row.amount_paid_cents as string),
      paymentIban: (row.payment_iban as string | null) ?? null,
      paymentReference: (row.payment_reference as string | null) ?? null,
      stripePaymentIntentId: (row.stripe_payment_intent_id as string | null) ?? null,
      paymentIntentAttempts: row.stripe_payment_intent_attempts as number,
    };
  }

  /** The invoice id a payment intent was created for (ours only). */
  async invoiceOfPaymentIntent(manager: EntityManager, paymentIntentId: string): Promise<string | null> {
    const [row]: { id: string }[] = await manager.query('SELECT id FROM invoices WHERE stripe_payment_intent_id = $1', [paymentIntentId]);
    return row?.id ?? null;
  }

  async setPaymentIntent(manager: EntityManager, invoiceId: string, paymentIntentId: string, attempt: number): Promise<void> {
    await manager.query('UPDATE invoices SET stripe_payment_intent_id = $2, stripe_payment_intent_attempts = $3, updated_at = now() WHERE id = $1', [
      invoiceId,
      paymentIntentId,
      attempt,
    ]);
  }

  /** The invoice lets go of a cancelled intent (if it is still its own); the next payment request creates another. */
  async forgetPaymentIntent(manager: EntityManager, invoiceId: string, paymentIntentId: string): Promise<boolean> {
    const [, count]: [unknown[], number] = await manager.query(
      'UPDATE invoices SET stripe_payment_intent_id = NULL, updated_at = now() WHERE id = $1 AND stripe_payment_intent_id = $2',
      [invoiceId, paymentIntentId],
    );
    return count === 1;
  }

  /** Inserts the payment; the database trigger adds it to the invoice (amount paid, status). */
  async insert(manager: EntityManager, payment: NewPayment): Promise<PaymentRow> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `INSERT INTO invoice_payments (invoice_id, source, reference, amount_cents, received_on, received_at, stripe_payment_intent_id,
         stripe_charge_id, stripe_event_id, recorded_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING ${PAYMENT_COLUMNS}`,
      [
        payment.invoiceId,
        payment.source,
        payment.reference,
        String(payment.amountCents),
        payment.receivedOn,
        payment.receivedAt,
        payment.stripePaymentIntentId ?? null,
        payment.stripeChargeId ?? null,
        payment.stripeEventId ?? null,
        payment.recordedBy ?? null,
      ],
    );
    return toPayment(row!);
  }

  async findByReference(manager: EntityManager, invoiceId: string, reference: string): Promise<PaymentRow | null> {
    const [row]: Record<string, unknown>[] = await manager.query(
      `SELECT ${PAYMENT_COLUMNS} FROM invoice_payments WHERE invoice_id = $1 AND reference = $2`,
      [invoiceId, reference],
    );
    return row ? toPayment(row) : null;
  }

  /** Cents already recorded from this payment intent (Stripe reports cumulative amounts). */
  async receivedFromIntent(manager: EntityManager, paymentIntentId: string): Promise<number> {
    const [row]: { sum: string }[] = await manager.query(
      'SELECT coalesce(sum(amount_cents), 0)::text AS sum FROM invoice_payments WHERE stripe_payment_intent_id = $1',
      [paymentIntentId],
    );
    return toSafeInteger(row!.sum);
  }

  /** The charge structures' transfers draw on, when the invoice was paid through Stripe alone. */
  async stripeChargeOf(manager: EntityManager, invoiceId: string): Promise<{ chargeId: string | null; paidByBank: boolean }> {
    const [row]: { charge_id: string | null; by_bank: boolean }[] = await manager.query(
      `SELECT max(stripe_charge_id) AS charge_id, bool_or(source = 'bank_transfer') AS by_bank FROM invoice_payments WHERE invoice_id = $1`,
      [invoiceId],
    );
    return { chargeId: row?.charge_id ?? null, paidByBank: row?.by_bank ?? false };
  }

  /** The funder's Stripe customer row, created empty if needed, locked until the transaction ends. */
  async lockCustomer(manager: EntityManager, funderId: string): Promise<string | null> {
    await manager.query('INSERT INTO stripe_customers (funder_id) VALUES ($1) ON CONFLICT (funder_id) DO NOTHING', [funderId]);
    const [row]: { stripe_customer_id: string | null }[] = await manager.query(
      'SELECT stripe_customer_id FROM stripe_customers WHERE funder_id = $1 FOR UPDATE',
      [funderId],
    );
    return row?.stripe_customer_id ?? null;
  }

  async setCustomer(manager: EntityManager, funderId: string, customerId: string): Promise<void> {
    await manager.query('UPDATE stripe_customers SET stripe_customer_id = $2 WHERE funder_id = $1', [funderId, customerId]);
  }
}
