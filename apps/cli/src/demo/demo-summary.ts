import { formatEuros } from '@passerelle/common';
import type { StoryState } from './passerelle-story';
import type { Session } from './story-session';

export interface DemoSetting {
  databaseUrl: string;
  redisPrefix: string;
  smtpUrl: string;
  smtpListening: boolean;
}

/** The few numbers and addresses to look at after the demo, in French and English. */
export function demoSummary(state: StoryState, setting: DemoSetting): string {
  const { program, batch, booking, structure, invoice, stats, funderStaff, paidInvoice, statement } = state;
  const share = statement.invoices.find((entry) => entry.invoiceId === invoice.id);
  const payout = share?.transfer
    ? `${formatEuros(share.paidOutCents)} virés / transferred (${share.transfer.stripeTransferId})`
    : `${formatEuros(share?.pendingCents ?? 0)} à virer par l'opérateur / to be paid by bank transfer (${share?.pendingReason ?? 'none'})`;
  // Face-value lines name the structure they are owed to; the fee line does not.
  const fee = invoice.lines.find((line) => line.structureId === null);
  const accounts: [string, Session][] = [
    ['admin', state.admin],
    ['financeur / funder', funderStaff],
    ['prescripteur / prescriber', state.prescriber],
    ['médiatrice / mediator', state.mediator],
    ['bénéficiaire / beneficiary', state.beneficiary],
  ];
  const mail = setting.smtpListening
    ? `envoyés à / sent to ${setting.smtpUrl} : ouvrez votre mail catcher / open your mail catcher`
    : `personne n'écoute sur / nothing listens at ${setting.smtpUrl} : le worker réessaie / the worker retries them with backoff (they go once it runs with a mail server)`;
  const shownUrl = new URL(setting.databaseUrl);
  if (shownUrl.password) shownUrl.password = 'PASSWORD';
  return [
    '',
    'Passerelle — démo terminée / demo complete',
    '',
    `  Chèques émis / vouchers issued      ${batch.size} × ${formatEuros(program.faceValueCents)} (« ${program.name} »)`,
    `  Rendez-vous / booking               ${booking.reference} chez / at ${structure.name}, payé par un chèque / paid by a voucher`,
    `  Facture / invoice                   ${invoice.number} : ${formatEuros(invoice.totalNetCents - (fee?.netCents ?? 0))} + frais / fee ${formatEuros(fee?.netCents ?? 0)} + TVA / VAT ${formatEuros(invoice.totalVatCents)} = ${formatEuros(invoice.totalGrossCents)}`,
    `  Statistiques / stats                ${stats.totals.redeemed.count} utilisé(s) / redeemed, budget restant / left ${formatEuros(stats.budgetLeftCents)}`,
    `  E-mails                             ${mail}`,
    `  Paiement / payment                  ${formatEuros(paidInvoice.amountPaidCents)} reçus par virement / received by bank transfer, facture / invoice ${paidInvoice.status} (pas de STRIPE_SECRET_KEY / no Stripe key)`,
    `  Reversement / payout                ${structure.name} : ${payout}`,
    `  Rapprochement / reconciliation      ${state.reconciliation.differences.length} écart(s) / difference(s) (GET /admin/reconciliation${state.reconciliation.stripeChecked ? '' : ' ; sans Stripe / without Stripe'})`,
    '',
    'Explorer / explore (the data stays in the database):',
    `  DATABASE_URL=${shownUrl} REDIS_PREFIX=${setting.redisPrefix} npm start`,
    '  http://localhost:3000/docs',
    `  GET http://localhost:3000/invoices/${invoice.id}/pdf   (connecté / logged in as ${funderStaff.email}; aussi / also /cii.xml)`,
    `  GET http://localhost:3000/structures/${structure.id}/statements   (connectée / logged in as ${state.mediator.email})`,
    '',
    'Comptes / accounts (POST /auth/login):',
    ...accounts.map(([role, session]) => `  ${role.padEnd(28)} ${session.email.padEnd(34)} ${session.password}`),
    '',
  ].join('\n');
}
