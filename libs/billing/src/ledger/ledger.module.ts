import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import { Ledger } from './ledger.service';

/**
 * The ledger alone, with no other billing dependency: the vouchers context posts the redemption
 * journals through it (`@passerelle/billing/ledger`) in its own transactions, while billing itself
 * depends on vouchers for what it invoices. One direction each way between modules, no cycle.
 */
@Module({ providers: [LedgerRepository, Ledger], exports: [Ledger] })
export class LedgerModule {}
