import { OpeningHoursDayCheck } from './opening-hours-day';
import { formatEuros } from '../euros';
import { buildSearchSql, pricingLabel } from './search-sql';

describe('buildSearchSql', () => {
  it('passes every user value as a bind parameter, never in the text', () => {
    const hostile = "x'; DROP TABLE offers; --";
    const { text, values } = buildSearchSql(
      {
        procedure: hostile,
        near: { lat: 48.1, lon: -1.6, radiusKm: 10 },
        modality: hostile,
        credential: hostile,
        maxPriceCents: 2500,
      },
      21,
      40,
    );
    expect(text).not.toContain('DROP');
    expect(text).not.toContain('48.1');
    expect(values).toEqual([48.1, -1.6, 10_000, hostile, hostile, '2500', hostile, 21, 40]);
    expect(text).toContain('earth_box(');
    expect(text).toContain('FROM offer_search o');
    expect(text).toMatch(/ORDER BY \(o\.earth <-> \(SELECT ll_to_earth\(\$1::float8, \$2::float8\)\)\), price_order, o\.offer_id/);
  });

  it('orders by commune and place name without a point, and names the statement after its text', () => {
    const a = buildSearchSql({ postcode: '75011' }, 21, 0);
    const b = buildSearchSql({ postcode: '35000' }, 11, 20);
    expect(a.text).toMatch(/ORDER BY o\.commune, o\.place_name, price_order, o\.offer_id/);
    expect(a.text).not.toContain('earth_box');
    expect(a.name).toBe(b.name);
    expect(buildSearchSql({ insee: '35238' }, 21, 0).name).not.toBe(a.name);
  });
});

describe('pricing label', () => {
  it('says why an offer is free or what it costs, in French', () => {
    expect(pricingLabel('funded', null)).toBe('Gratuit pour vous : pris en charge par un pass numérique');
    expect(pricingLabel('commercial', 3500)).toBe('Payant : 35,00 € TTC');
    expect(formatEuros(5)).toBe('0,05 €');
    expect(formatEuros(123456)).toBe('1\u202f234,56 €');
  });
});

describe('OpeningHoursDayCheck', () => {
  const check = new OpeningHoursDayCheck();

  it('answers open, closed or unknown for a calendar day', () => {
    expect(check.isOpenOn('Mo-Sa 09:00-12:00', '2026-11-22')).toBe(false); // Sunday
    expect(check.isOpenOn('Mo-Sa 09:00-12:00', '2026-11-23')).toBe(true);
    expect(check.isOpenOn('Mo-Su 09:00-12:00; PH off', '2026-12-25')).toBe(false);
    expect(check.isOpenOn('Su 22:00-02:00', '2026-11-22')).toBe(true);
    expect(check.isOpenOn(null, '2026-11-22')).toBeNull();
    expect(check.isOpenOn('pas des horaires', '2026-11-22')).toBeNull();
  });
});
