import type { MigrationInterface, QueryRunner } from 'typeorm';
import { PROCEDURE_CATEGORIES, PROCEDURES } from './seeds/procedure-catalog.seed';

/** Seeds the procedure categories and procedures; later edits to the seed go in a new migration. */
export class ProcedureCatalog1795392000600 implements MigrationInterface {
  name = 'ProcedureCatalog1795392000600';

  async up(q: QueryRunner): Promise<void> {
    for (const [position, category] of PROCEDURE_CATEGORIES.entries()) {
      await q.query('INSERT INTO procedure_categories (code, label, position) VALUES ($1, $2, $3)', [
        category.code,
        category.label,
        position + 1,
      ]);
    }
    for (const p of PROCEDURES) {
      await q.query(
        `INSERT INTO procedures (code, category_code, title, summary, official_url, typical_duration_minutes, documents)
         VALUES ($1, $2, $3, $4, $5, $6, $7)`,
        [p.code, p.category, p.title, p.summary, p.officialUrl, p.typicalDurationMinutes, JSON.stringify(p.documents)],
      );
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DELETE FROM procedures');
    await q.query('DELETE FROM procedure_categories');
  }
}
