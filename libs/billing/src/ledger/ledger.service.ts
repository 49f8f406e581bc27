import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { LedgerRepository } from './ledger.repository';
import { assertBalanced, type JournalInput } from './ledger.types';

export interface FunderBalance {
  /** Redeemed, not yet invoiced. */
  unbilledCents: number;
  /** Invoiced − paid. */
  receivableCents: number;
}

/**
 * The double-entry ledger. Every money event posts one balanced journal in the caller's transaction;
 * PostgreSQL refuses the commit of an unbalanced one (deferred constraint trigger), whoever wrote it.
 * Balances are sums of entries, never stored.
 */
@Injectable()
export class Ledger {
  constructor(private readonly repository: LedgerRepository) {}

  /** Posts the journal once per event key; returns its id and whether this call created it. */
  async post(manager: EntityManager, journal: JournalInput): Promise<{ journalId: string; created: boolean }> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('Ledger.post needs the EntityManager of an open transaction (TransactionRunner.run)');
    }
    assertBalanced(journal);
    const journalId = await this.repository.insertJournal(manager, journal);
    if (journalId === null) {
      const existing = await this.repository.journalIdOf(manager, journal.eventKey);
      const signature = journal.entries.map((e) => `${e.account}:${e.partyId ?? ''}:${e.amountCents}`).sort();
      // A replay must be the same event; other entries under the same key are a bug to surface, not to hide.
      if (JSON.stringify((await this.repository.entrySignature(manager, existing)).sort()) !== JSON.stringify(signature)) {
        throw new Error(`ledger event ${journal.eventKey} was already posted with other entries`);
      }
      return { journalId: existing, created: false };
    }
    await this.repository.insertEntries(manager, journalId, journal);
    return { journalId, created: true };
  }

  async funderBalance(funderId: string, manager?: EntityManager): Promise<FunderBalance> {
    const [unbilledCents, receivableCents] = await Promise.all([
      this.repository.partySum('funder_unbilled', funderId, manager),
      this.repository.partySum('funder_receivable', funderId, manager),
    ]);
    return { unbilledCents, receivableCents };
  }

  /** Earned − paid out: what the platform owes the structure (structure_payable is a liability, so credits). */
  async structureBalance(structureId: string, manager?: EntityManager): Promise<number> {
    return 0 - (await this.repository.partySum('structure_payable', structureId, manager));
  }

  unbalancedJournals(manager?: EntityManager): Promise<string[]> {
    return this.repository.unbalancedJournals(manager);
  }
}
