import { departementOf, departementOfCommune, departementOfPostcode, isValidRna, isValidSiret, parsePivot } from './identifiers';

describe('catalogue identifiers', () => {
  it('checks SIRET keys (Luhn; La Poste by its digit sum) and RNA numbers', () => {
    expect(isValidSiret('43493312300029')).toBe(true);
    expect(isValidSiret('43493312300028')).toBe(false);
    expect(isValidSiret('4349331230002')).toBe(false);
    expect(isValidSiret('35600000049837')).toBe(true);
    expect(isValidSiret('35600000049838')).toBe(false);
    expect(isValidRna('W751234567')).toBe(true);
    expect(isValidRna('W7512345678')).toBe(false);
    expect(isValidRna('751234567')).toBe(false);
    expect(parsePivot(' 434 933 123 00029 ')).toEqual({ kind: 'siret', value: '43493312300029' });
    expect(parsePivot('w751234567')).toEqual({ kind: 'rna', value: 'W751234567' });
    expect(parsePivot('12345')).toBeNull();
  });

  it.each([
    ['01000', '01'],
    ['29200', '29'],
    ['75011', '75'],
    ['95000', '95'],
    ['20000', '2A'],
    ['20090', '2A'],
    ['20190', '2A'],
    ['20200', '2B'],
    ['20600', '2B'],
    ['97100', '971'],
    ['97200', '972'],
    ['97300', '973'],
    ['97400', '974'],
    ['97500', '975'],
    ['97600', '976'],
    ['97133', '977'],
    ['97150', '978'],
  ])('postcode %s is in département %s', (postcode, departement) => {
    expect(departementOfPostcode(postcode)).toBe(departement);
    expect(departementOf(postcode, null)).toBe(departement);
  });

  it.each(['00100', '20300', '96000', '96100', '97700', '97800', '98000', '98600', '98800', '99000', '7501', 'ABCDE'])(
    'postcode %s names no département',
    (postcode) => {
      expect(departementOfPostcode(postcode)).toBeNull();
    },
  );

  it.each([
    ['75111', '75'],
    ['01053', '01'],
    ['2A004', '2A'],
    ['2B033', '2B'],
    ['97105', '971'],
    ['97411', '974'],
    ['97502', '975'],
    ['97611', '976'],
    ['97701', '977'],
    ['97801', '978'],
  ])('INSEE code %s is in département %s', (inseeCode, departement) => {
    expect(departementOfCommune(inseeCode)).toBe(departement);
  });

  it.each(['20004', '98799', '98818', '99138', '96001', '00001'])('INSEE code %s names no département', (inseeCode) => {
    expect(departementOfCommune(inseeCode)).toBeNull();
  });

  it('lets the INSEE code decide over the postcode', () => {
    expect(departementOf('97133', '97701')).toBe('977');
    expect(departementOf('20000', '2A004')).toBe('2A');
    expect(departementOf('98000', '99138')).toBeNull();
  });
});
