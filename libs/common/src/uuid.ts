const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A well-formed UUID: anything else is answered "not found" before reaching PostgreSQL (which would refuse it). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
