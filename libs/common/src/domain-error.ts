/** What went wrong, in terms the HTTP edge maps to a status (see the API's error filter). */
export type ErrorKind =
  | 'invalid_input'
  | 'unauthenticated'
  | 'forbidden'
  | 'not_found'
  | 'conflict'
  | 'gone'
  | 'business_rule'
  | 'rate_limited'
  | 'unavailable';

/**
 * Base of every error the domain throws on purpose. `code` is stable and documented
 * (clients switch on it); `message` is for people and may change.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly kind: ErrorKind,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}
