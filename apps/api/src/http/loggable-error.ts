/**
 * What the error log keeps of a failed request's error: its kind, message, code and stack. Not the
 * rest: a TypeORM QueryFailedError carries the query's `parameters` (voucher codes, emails, token
 * hashes…) and PostgreSQL's `detail` quotes row values ("Key (code)=(…) already exists").
 */
export function loggableError(error: unknown): unknown {
  if (!(error instanceof Error)) return error;
  const { code, constraint, table } = error as { code?: unknown; constraint?: unknown; table?: unknown };
  return {
    type: error.name,
    message: error.message,
    ...(code !== undefined && { code }),
    ...(constraint !== undefined && { constraint }),
    ...(table !== undefined && { table }),
    stack: error.stack,
  };
}
