import { Injectable } from '@nestjs/common';
import type { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { buildSearchSql, type SearchRow, type SearchSqlCriteria } from './search-sql';

/**
 * Raw SQL search over the trigger-kept `offer_search` table (one statement per call, see
 * buildSearchSql), run as a named prepared statement on TypeORM's own pg pool: TypeORM's `query()`
 * cannot name statements, and planning this query costs about as much as running it.
 */
@Injectable()
export class SearchRepository {
  constructor(private readonly dataSource: DataSource) {}

  async find(criteria: SearchSqlCriteria, limit: number | null, offset: number): Promise<SearchRow[]> {
    const statement = buildSearchSql(criteria, limit, offset);
    const pool = (this.dataSource.driver as unknown as { master: Pool }).master;
    const result = await pool.query<SearchRow>(statement);
    return result.rows;
  }
}
