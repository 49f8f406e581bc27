import { latePenaltyTerms, recoveryIndemnityBasis } from './late-payment-terms';

describe('late-payment terms', () => {
  it('gives a public buyer the public procurement default interest (ECB + 8 points) and indemnity', () => {
    expect(latePenaltyTerms(true)).toBe(
      'Intérêts moratoires au taux BCE + 8 points (C. commande publique R2192-31) ; indemnité forfaitaire de recouvrement de 40 € (C. commande publique R2192-32)',
    );
    expect(recoveryIndemnityBasis(true)).toBe('C. commande publique art. R2192-32');
  });

  it('gives a private buyer the commercial code penalties (ECB + 10 points) and indemnity', () => {
    expect(latePenaltyTerms(false)).toBe('Pénalités de retard au taux BCE + 10 points ; indemnité forfaitaire de recouvrement de 40 € (C. com. L441-10)');
    expect(recoveryIndemnityBasis(false)).toBe('C. com. art. L441-10 et D441-5');
  });
});
