import { ValidationPipe, type ArgumentMetadata, type ValidationError } from '@nestjs/common';
import { DomainError } from '@passerelle/common';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** NUL and unpaired surrogates: PostgreSQL cannot store the first, and the second is not text. */
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Deeper than any DTO goes; deeper input would only exhaust the validators' recursion (a 500). */
export const MAX_INPUT_DEPTH = 32;

/**
 * What makes an input unacceptable before class-validator sees it: the path (e.g. `beneficiary.name`)
 * of the first string holding unstorable characters, or nesting past MAX_INPUT_DEPTH. Iterative, so
 * that hostile nesting cannot overflow the stack here either.
 */
export function unacceptableInput(value: unknown, root = ''): { field: string; problem: string } | undefined {
  const pending: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  while (pending.length > 0) {
    const { value: current, path, depth } = pending.pop()!;
    if (typeof current === 'string' && UNSTORABLE.test(current)) {
      const field = path || 'value';
      return { field, problem: `${field} must not contain NUL or unpaired surrogate characters` };
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) return { field: path || 'value', problem: `nested deeper than ${MAX_INPUT_DEPTH} levels` };
    for (const [key, inner] of Object.entries(current)) pending.push({ value: inner, path: path ? `${path}.${key}` : key, depth: depth + 1 });
  }
  return undefined;
}

/**
 * Refuses a DTO body that is not an object (`null`, `[]`, `42`; an absent body stays allowed for
 * all-optional DTOs), unstorable text and hostile nesting in any value, before class-validator sees it.
 */
class ApiValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata) {
    const isDtoBody = metadata.type === 'body' && this.toValidate(metadata);
    if (isDtoBody && value !== undefined && (value === null || typeof value !== 'object' || Array.isArray(value))) {
      throw new DomainError('VALIDATION_FAILED', 'invalid_input', 'The body must be a JSON object.', {
        errors: [{ field: 'body', problems: ['body must be a JSON object'] }],
      });
    }
    const unacceptable = unacceptableInput(value, metadata.type === 'body' ? '' : (metadata.data ?? ''));
    if (unacceptable) {
      throw new DomainError('VALIDATION_FAILED', 'invalid_input', 'Some fields are missing or invalid.', {
        errors: [{ field: unacceptable.field, problems: [unacceptable.problem] }],
      });
    }
    return super.transform(value, metadata);
  }
}

/** Global validation: unknown fields are refused, types are converted, errors name each field. */
export function createValidationPipe(): ValidationPipe {
  return new ApiValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) =>
      new DomainError('VALIDATION_FAILED', 'invalid_input', 'Some fields are missing or invalid.', {
        errors: flatten(errors),
      }),
  });
}
