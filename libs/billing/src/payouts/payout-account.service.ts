import { Inject, Injectable } from '@nestjs/common';
import type Stripe from 'stripe';
import type { EntityManager } from 'typeorm';
import { StructureAccess } from '@passerelle/catalog';
import { AppConfig } from '@passerelle/config';
import { TransactionRunner } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import { paymentsByBankTransfer } from '../billing.errors';
import { stripeCall } from '../stripe/stripe-call';
import { STRIPE_CLIENT, type StripeClient } from '../stripe/stripe-client.provider';
import { PayoutAccountRepository, isPayoutAccountReady, type PayoutAccountRow } from './payout-account.repository';

export interface PayoutAccountView {
  structureId: string;
  stripeAccountId: string | null;
  chargesEnabled: boolean;
  payoutsEnabled: boolean;
  detailsSubmitted: boolean;
  requirementsDue: string[];
  disabledReason: string | null;
  /** Transfers can be sent to it. */
  ready: boolean;
}

export interface OnboardingLink extends PayoutAccountView {
  /** Single use, short-lived (about 5 minutes): open it at once, never store it. */
  onboardingUrl: string;
  expiresAt: string;
}

function viewOf(row: PayoutAccountRow | null, structureId: string): PayoutAccountView {
  return {
    structureId,
    stripeAccountId: row?.stripe_account_id ?? null,
    chargesEnabled: row?.charges_enabled ?? false,
    payoutsEnabled: row?.payouts_enabled ?? false,
    detailsSubmitted: row?.details_submitted ?? false,
    requirementsDue: row?.requirements_due ?? [],
    disabledReason: row?.disabled_reason ?? null,
    ready: isPayoutAccountReady(row),
  };
}

/**
 * A structure's Stripe connected account (separate charges and transfers: the platform pays fees and
 * bears losses, Stripe collects the requirements through its hosted onboarding). Created once per
 * structure, whatever the number of concurrent or repeated calls; readiness comes from account.updated.
 */
@Injectable()
export class PayoutAccountService {
  constructor(
    @Inject(STRIPE_CLIENT) private readonly stripe: StripeClient,
    private readonly config: AppConfig,
    private readonly structures: StructureAccess,
    private readonly transactions: TransactionRunner,
    private readonly accounts: PayoutAccountRepository,
  ) {}

  async get(actor: Actor, structureId: string): Promise<PayoutAccountView> {
    await this.structures.assertMember(actor, structureId);
    return viewOf(await this.accounts.find(structureId), structureId);
  }

  async startOnboarding(actor: Actor, structureId: string): Promise<OnboardingLink> {
    await this.structures.assertMember(actor, structureId);
    const stripe = this.stripe;
    if (stripe === null) throw paymentsByBankTransfer();
    // The row lock makes concurrent calls wait for the first one's account; the idempotency key
    // covers a crash between Stripe's answer and our commit.
    const row = await this.transactions.run(async (manager) => {
      const locked = await this.accounts.lockOrCreate(manager, structureId);
      if (locked.stripe_account_id) return locked;
      const account = await stripeCall(() => stripe.accounts.create(this.accountParams(structureId), { idempotencyKey: `account:${structureId}` }));
      await this.accounts.setStripeAccount(manager, structureId, account.id);
      return { ...locked, stripe_account_id: account.id };
    });
    const base = this.config.http.publicBaseUrl.replace(/\/$/, '');
    const link = await stripeCall(() =>
      stripe.accountLinks.create({
        account: row.stripe_account_id!,
        type: 'account_onboarding',
        refresh_url: `${base}/payout-account/refresh?structure=${structureId}`,
        return_url: `${base}/payout-account/return?structure=${structureId}`,
      }),
    );
    return { ...viewOf(row, structureId), onboardingUrl: link.url, expiresAt: new Date(link.expires_at * 1000).toISOString() };
  }

  /** From an account.updated event created at `asOf`; older events than the stored state are ignored. */
  applyAccountState(manager: EntityManager, account: Stripe.Account, asOf: Date): Promise<'applied' | 'stale' | 'unknown_account'> {
    return this.accounts.applyState(manager, {
      stripeAccountId: account.id,
      chargesEnabled: account.charges_enabled ?? false,
      payoutsEnabled: account.payouts_enabled ?? false,
      detailsSubmitted: account.details_submitted ?? false,
      requirementsDue: account.requirements?.currently_due ?? [],
      disabledReason: account.requirements?.disabled_reason ?? null,
      asOf,
    });
  }

  private accountParams(structureId: string): Stripe.AccountCreateParams {
    return {
      country: 'FR',
      controller: {
        fees: { payer: 'application' },
        losses: { payments: 'application' },
        requirement_collection: 'stripe',
        stripe_dashboard: { type: 'express' },
      },
      capabilities: { transfers: { requested: true } },
      metadata: { structure_id: structureId },
    };
  }
}
