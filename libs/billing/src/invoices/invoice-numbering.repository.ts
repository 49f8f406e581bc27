import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';

@Injectable()
export class InvoiceNumberingRepository {
  /**
   * Bumps the year's counter and returns the new value. The upsert locks the row until the caller's
   * transaction ends: concurrent invoices wait in line, and a rollback gives the number back.
   */
  async bump(manager: EntityManager, year: number): Promise<number> {
    const rows: { last_number: number }[] = await manager.query(
      `INSERT INTO invoice_number_counters (year, last_number) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_number = invoice_number_counters.last_number + 1
       RETURNING last_number`,
      [year],
    );
    return rows[0]!.last_number;
  }
}
