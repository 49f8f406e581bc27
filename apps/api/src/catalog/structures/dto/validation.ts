import { ValidateIf } from 'class-validator';

/** Optional, but null is refused (a required field a PATCH may leave out, never clear). */
export const IsOptionalNotNull = () => ValidateIf((_: object, value: unknown) => value !== undefined);

export const trimmed = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
