import type { ValueTransformer } from 'typeorm';

/** Converts a Postgres bigint (a string from `pg`) to a safe integer, refusing anything else. */
export function toSafeInteger(value: string | number | bigint): number {
  const parsed = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(parsed)) {
    throw new RangeError(`bigint value ${String(value)} is not a safe integer`);
  }
  return parsed;
}

/** Column transformer for `bigint` money columns: integer cents in TypeScript, never floats. */
export const bigintTransformer: ValueTransformer = {
  from: (value: string | null) => (value === null ? null : toSafeInteger(value)),
  to: (value: number | null | undefined) => {
    if (value === null || value === undefined) return value;
    return String(toSafeInteger(value));
  },
};
