import { DomainError } from '@passerelle/common';
import { IsOptional, IsString } from 'class-validator';
import { MAX_INPUT_DEPTH, createValidationPipe, unacceptableInput } from './validation.pipe';

class NameDto {
  @IsString()
  name: string;
}

class ReasonDto {
  @IsOptional()
  @IsString()
  reason?: string;
}

describe('validation pipe: unstorable text and hostile nesting', () => {
  const pipe = createValidationPipe();

  it.each(['a\u0000b', 'x\uD800y', '\uDFFF', 'end\uD83D'])('refuses %j in a body field as 400 VALIDATION_FAILED naming the field', async (name) => {
    const error = await pipe.transform({ name }, { type: 'body', metatype: NameDto }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DomainError);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', kind: 'invalid_input', details: { errors: [{ field: 'name' }] } });
  });

  it('refuses it in a path or query value, and finds it in nested values', async () => {
    await expect(pipe.transform('a\u0000', { type: 'param', data: 'code' })).rejects.toMatchObject({ details: { errors: [{ field: 'code' }] } });
    expect(unacceptableInput({ rules: [{ reason: 'ok' }, { reason: '\uD800' }] })?.field).toBe('rules.1.reason');
  });

  it('lets emoji, accents, RTL marks and combining characters through', async () => {
    for (const name of ['👩🏽‍💻 🇫🇷', 'Éloïse', '\u202Eتجربة', 'e\u0301']) {
      await expect(pipe.transform({ name }, { type: 'body', metatype: NameDto })).resolves.toMatchObject({ name });
    }
  });

  it('refuses a body nested deeper than MAX_INPUT_DEPTH (5,000 levels used to overflow the validators: a 500)', async () => {
    let deep: unknown = [];
    for (let i = 0; i < 5000; i++) deep = [deep];
    await expect(pipe.transform(deep, { type: 'body', metatype: NameDto })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    let fine: unknown = { name: 'x' };
    for (let i = 1; i < MAX_INPUT_DEPTH; i++) fine = { inner: fine };
    expect(unacceptableInput(fine)).toBeUndefined();
  });

  it('refuses a DTO body that is not an object (null used to pass as an empty PATCH), and lets an absent body through', async () => {
    for (const body of [null, [], 42, 'text', true]) {
      await expect(pipe.transform(body, { type: 'body', metatype: ReasonDto })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    }
    await expect(pipe.transform(undefined, { type: 'body', metatype: ReasonDto })).resolves.toBeInstanceOf(ReasonDto);
  });
});
