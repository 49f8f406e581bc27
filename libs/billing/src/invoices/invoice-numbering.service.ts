import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { formatInvoiceNumber } from './invoice-number';
import { InvoiceNumberingRepository } from './invoice-numbering.repository';

/**
 * Gapless, sequential invoice numbers per year (invariant 5): a counter row locked in the invoice's
 * own transaction, never a PostgreSQL sequence (whose values are not given back on rollback).
 */
@Injectable()
export class InvoiceNumbering {
  constructor(private readonly repository: InvoiceNumberingRepository) {}

  /** The next number of the issue date's year ('YYYY-MM-DD', Europe/Paris calendar date). */
  async next(manager: EntityManager, issueDate: string): Promise<string> {
    if (!manager.queryRunner?.isTransactionActive) {
      throw new Error('InvoiceNumbering.next needs the EntityManager of the invoice transaction');
    }
    const year = Number(issueDate.slice(0, 4));
    return formatInvoiceNumber(year, await this.repository.bump(manager, year));
  }
}
