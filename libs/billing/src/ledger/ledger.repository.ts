import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { toSafeInteger } from '@passerelle/database';
import type { JournalInput, LedgerAccount } from './ledger.types';

@Injectable()
export class LedgerRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** The new journal's id, or null when a journal with this event key already exists. */
  async insertJournal(manager: EntityManager, journal: JournalInput): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO ledger_journals (kind, event_key, description, occurred_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (event_key) DO NOTHING RETURNING id`,
      [journal.kind, journal.eventKey, journal.description, journal.occurredAt],
    );
    return rows[0]?.id ?? null;
  }

  async insertEntries(manager: EntityManager, journalId: string, journal: JournalInput): Promise<void> {
    await manager.query(
      `INSERT INTO ledger_entries (journal_id, account, party_id, amount_cents)
       SELECT $1, account, party_id, amount FROM unnest($2::text[], $3::uuid[], $4::bigint[]) AS e (account, party_id, amount)`,
      [
        journalId,
        journal.entries.map((entry) => entry.account),
        journal.entries.map((entry) => entry.partyId ?? null),
        journal.entries.map((entry) => String(entry.amountCents)),
      ],
    );
  }

  async journalIdOf(manager: EntityManager, eventKey: string): Promise<string> {
    const rows: { id: string }[] = await manager.query('SELECT id FROM ledger_journals WHERE event_key = $1', [eventKey]);
    return rows[0]!.id;
  }

  /** A journal's entries as `account:party:amount` strings (in no order), to compare with a replay. */
  async entrySignature(manager: EntityManager, journalId: string): Promise<string[]> {
    const rows: { line: string }[] = await manager.query(
      `SELECT account || ':' || coalesce(party_id::text, '') || ':' || amount_cents AS line FROM ledger_entries
        WHERE journal_id = $1`,
      [journalId],
    );
    return rows.map((row) => row.line);
  }

  /** Sum of a party's entries on one account (debits positive). */
  async partySum(account: LedgerAccount, partyId: string, manager?: EntityManager): Promise<number> {
    const rows: { sum: string }[] = await (manager ?? this.dataSource.manager).query(
      'SELECT coalesce(sum(amount_cents), 0)::text AS sum FROM ledger_entries WHERE account = $1 AND party_id = $2',
      [account, partyId],
    );
    return toSafeInteger(rows[0]!.sum);
  }

  /** Journals whose entries do not sum to zero (always empty while the constraint trigger stands). */
  async unbalancedJournals(manager?: EntityManager): Promise<string[]> {
    const rows: { id: string }[] = await (manager ?? this.dataSource.manager).query(
      `SELECT j.id FROM ledger_journals j LEFT JOIN ledger_entries e ON e.journal_id = j.id
        GROUP BY j.id HAVING coalesce(sum(e.amount_cents), 0) <> 0 OR count(e.id) < 2`,
    );
    return rows.map((row) => row.id);
  }
}
