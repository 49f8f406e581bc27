import { QueryFailedError } from 'typeorm';
import { loggableError } from './loggable-error';

describe('loggableError', () => {
  it('keeps the kind, message, code and constraint of a failed query, not its parameters nor the row values', () => {
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "vouchers_code_key"'), {
      code: '23505',
      constraint: 'vouchers_code_key',
      table: 'vouchers',
      detail: 'Key (code)=(7KQMWX3TP9CE) already exists.',
    });
    const error = new QueryFailedError('INSERT INTO vouchers (code, email) VALUES ($1, $2)', ['7KQMWX3TP9CE', 'camille@example.org'], driverError);

    const logged = loggableError(error);

    expect(logged).toEqual({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "vouchers_code_key"',
      code: '23505',
      constraint: 'vouchers_code_key',
      table: 'vouchers',
      stack: expect.any(String),
    });
    expect(JSON.stringify(logged)).not.toMatch(/7KQMWX3TP9CE|camille@example\.org/);
  });

  it('passes anything that is not an Error through', () => {
    expect(loggableError('boom')).toBe('boom');
  });
});
