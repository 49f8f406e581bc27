/**
 * The late-payment mentions an invoice must carry, which depend on the buyer. A private buyer: penalties
 * at the ECB rate + 10 points and the 40 € recovery indemnity (C. com. L441-10, D441-5). A public buyer
 * (State, local authority, public body) falls under the public procurement code instead: default
 * interest ("intérêts moratoires") at the ECB rate + 8 points (R2192-31) and the same 40 € (R2192-32).
 */
export function latePenaltyTerms(buyerIsPublic: boolean): string {
  return buyerIsPublic
    ? 'Intérêts moratoires au taux BCE + 8 points (C. commande publique R2192-31) ; indemnité forfaitaire de recouvrement de 40 € (C. commande publique R2192-32)'
    : 'Pénalités de retard au taux BCE + 10 points ; indemnité forfaitaire de recouvrement de 40 € (C. com. L441-10)';
}

/** The legal basis of the fixed recovery indemnity, as the documents print it beside its amount. */
export function recoveryIndemnityBasis(buyerIsPublic: boolean): string {
  return buyerIsPublic ? 'C. commande publique art. R2192-32' : 'C. com. art. L441-10 et D441-5';
}
