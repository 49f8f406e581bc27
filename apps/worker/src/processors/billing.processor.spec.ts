import { periodOf } from './billing.processor';

type PeriodJob = Parameters<typeof periodOf>[0];
const job = (fields: Partial<PeriodJob>): PeriodJob => ({ id: 'repeat:invoicing-monthly:1', name: 'invoicing-run', data: {}, timestamp: 0, opts: {}, ...fields }) as PeriodJob;

describe('the period a monthly invoicing job invoices', () => {
  it("is the month before the job was due: the scheduler creates December's job on 1 November, delayed to 1 December", () => {
    const createdWhenNovembersRan = Date.parse('2026-11-01T05:00:00.095Z');
    const dueOnFirstDecember = Date.parse('2026-12-01T05:00:00Z'); // 06:00 in Paris
    expect(periodOf(job({ timestamp: createdWhenNovembersRan, opts: { delay: dueOnFirstDecember - createdWhenNovembersRan } }))).toBe('2026-11');
  });

  it('is the month before an undelayed job (a retry keeps the creation time and delay of its job)', () => {
    expect(periodOf(job({ timestamp: Date.parse('2027-01-01T05:30:00Z') }))).toBe('2026-12');
  });

  it('is the period the job names, when it names one, and refuses a malformed one', () => {
    expect(periodOf(job({ data: { period: '2026-07' } }))).toBe('2026-07');
    expect(() => periodOf(job({ data: { period: '2026-13' } }))).toThrow(/no valid period/);
  });
});
