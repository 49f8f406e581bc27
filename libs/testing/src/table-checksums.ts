import type { DataSource } from 'typeorm';

/**
 * An md5 of every row of every table of the public schema, rows ordered by primary key, so two
 * calls compare equal exactly when no row was added, removed or changed in between. `ignoredRows`
 * leaves out rows a refused request writes on purpose (a SQL condition per table).
 */
export async function tableChecksums(dataSource: DataSource, ignoredRows: Record<string, string> = {}): Promise<Record<string, string>> {
  const tables: { name: string; key: string }[] = await dataSource.query(
    `SELECT c.relname AS name,
            coalesce((SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY k.ord)
                        FROM pg_index i CROSS JOIN unnest(i.indkey) WITH ORDINALITY AS k(attnum, ord)
                        JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum
                       WHERE i.indrelid = c.oid AND i.indisprimary), 't::text') AS key
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r'
      ORDER BY c.relname`,
  );
  const sums: Record<string, string> = {};
  for (const { name, key } of tables) {
    const ident = `"${name.replace(/"/g, '""')}"`;
    const where = ignoredRows[name] ? `WHERE NOT (${ignoredRows[name]})` : '';
    const [row] = await dataSource.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg(t::text, E'\\n' ORDER BY ${key}), '')) AS sum FROM ${ident} t ${where}`,
    );
    sums[name] = `${row.n}:${row.sum}`;
  }
  return sums;
}
