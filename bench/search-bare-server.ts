import Fastify from 'fastify';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import { NextAvailabilityRepository } from '../libs/booking/src/next-availability.repository';
import { NextAvailabilityService } from '../libs/booking/src/next-availability.service';
import { buildSearchSql, toSearchResultItem, type SearchRow } from '../libs/catalog/src/search/search-sql';

/**
 * Baseline for the search benchmark: bare Fastify + pg running literally the same statements as the
 * API (the repository's SQL builder, same prepared statement name; then the page's earliest free
 * slots by the booking context's own three statements and slot code) and the same row mapping, with
 * no framework, no ORM, no validation, no rate limit, no logging around it. Pool size as the API's
 * default (DATABASE_POOL_SIZE 10).
 */
async function main(): Promise<void> {
  const [databaseUrl, port, poolSize] = process.argv.slice(2) as [string, string, string];
  const pool = new Pool({ connectionString: databaseUrl, max: Number(poolSize) || 10 });
  // The availability repository needs only `query(sql, params)`: served by the bare pool, not TypeORM.
  const bareQuery = { query: async (sql: string, params: unknown[]) => (await pool.query(sql, params)).rows } as unknown as DataSource;
  const availability = new NextAvailabilityService(new NextAvailabilityRepository(bareQuery));
  const app = Fastify({ logger: false });
  app.get('/offers/search', async (request) => {
    const query = request.query as Record<string, string | undefined>;
    const pageSize = 20;
    const statement = buildSearchSql(
      {
        procedure: query.procedure,
        near:
          query.lat && query.lon
            ? { lat: Number(query.lat), lon: Number(query.lon), radiusKm: Number(query.radiusKm ?? 10) }
            : undefined,
      },
      pageSize + 1,
      0,
    );
    const { rows } = await pool.query<SearchRow>(statement);
    const page = rows.slice(0, pageSize);
    const free = await availability.earliestFreeSlots(page.map((row) => row.id));
    const items = page.map((row) => toSearchResultItem(row, free.get(row.id)?.startsAt ?? null));
    return { items, page: 1, pageSize, hasMore: rows.length > pageSize };
  });
  await app.listen({ host: '127.0.0.1', port: Number(port) });
}

void main();
