import Fastify from 'fastify';
import { Pool } from 'pg';
import { buildSearchSql, toSearchResultItem, type SearchRow } from '../libs/catalog/src/search/search-sql';

/**
 * Baseline for the search benchmark: bare Fastify + pg running literally the same statement as the
 * API (the repository's SQL builder, same prepared statement name) and the same row mapping, with no framework, no validation,
 * no rate limit, no logging around it. Pool size as the API's default (DATABASE_POOL_SIZE 10).
 */
async function main(): Promise<void> {
  const [databaseUrl, port, poolSize] = process.argv.slice(2) as [string, string, string];
  const pool = new Pool({ connectionString: databaseUrl, max: Number(poolSize) || 10 });
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
    return { items: rows.slice(0, pageSize).map((row) => toSearchResultItem(row, null)), page: 1, pageSize, hasMore: rows.length > pageSize };
  });
  await app.listen({ host: '127.0.0.1', port: Number(port) });
}

void main();
