import { formatEuros, type SuspensionNotice } from '@passerelle/catalog';
import type { MailMessage } from '../mailer';
import { composeEmail, escapeHtml, p, type EmailPart } from './html';

export const OFFERS_SUSPENDED_SUBJECT = 'Offres suspendues : leur prix dépasse le prix plafond';

export interface OffersSuspendedData {
  notice: SuspensionNotice;
  /** Where the structure's members see and edit their offers. */
  offersUrl: string;
}

function cause({ cause }: SuspensionNotice): string {
  if (cause.kind === 'place-moved') {
    return (
      `Votre lieu « ${cause.placeName} » est maintenant dans le département ${cause.newDepartement} ` +
      `(avant : ${cause.oldDepartement}). Le prix plafond y est plus bas pour certaines démarches.`
    );
  }
  const where = cause.departement ? `dans le département ${cause.departement}` : 'en France (sauf là où un département a son propre plafond)';
  return `Le prix plafond de la démarche « ${cause.procedureTitle} » est maintenant de ${formatEuros(cause.maxPriceCents)} TTC ${where}. Raison : ${cause.reason}`;
}

function offerLine(offer: SuspensionNotice['offers'][number]): string {
  const cap = offer.maxPriceCents === null ? 'aucun plafond à ce jour' : `plafond ${formatEuros(offer.maxPriceCents)}`;
  return `${offer.procedureTitle}, à ${offer.placeName} : votre prix ${formatEuros(offer.priceCents)}, ${cap}`;
}

/**
 * The notice to a structure whose offers a lowered cap or a place's move suspended: what happened,
 * which offers, and the one thing to do. Plain words; both parts.
 */
export function renderOffersSuspended({ notice, offersUrl }: OffersSuspendedData): Omit<MailMessage, 'to'> {
  const lines = notice.offers.map(offerLine);
  const parts: EmailPart[] = [
    {
      text: [`Structure : ${notice.structureName}`, cause(notice)],
      html: [p(`<strong>Structure :</strong> ${escapeHtml(notice.structureName)}`), p(escapeHtml(cause(notice)))],
    },
    {
      text: ['', 'Offres suspendues :', ...lines.map((line) => `- ${line}`)],
      html: [
        `<h2 style="font-size:22px;margin:24px 0 12px 0;">Offres suspendues</h2>`,
        `<ul style="margin:0 0 16px 0;padding-left:24px;">${lines.map((line) => `<li>${escapeHtml(line)}</li>`).join('')}</ul>`,
      ],
    },
    {
      text: [
        '',
        'Que faire ?',
        `Pour remettre une offre en ligne, indiquez un prix égal ou inférieur au plafond sur ${offersUrl}.`,
        'Nous n’avons pas changé vos prix. Les rendez-vous déjà pris gardent leur prix.',
      ],
      html: [
        p(
          `<strong>Que faire ?</strong><br>Pour remettre une offre en ligne, indiquez un prix égal ou inférieur au plafond sur ` +
            `<a href="${escapeHtml(offersUrl)}">${escapeHtml(offersUrl)}</a>.`,
        ),
        p('Nous n’avons pas changé vos prix. Les rendez-vous déjà pris gardent leur prix.'),
      ],
    },
  ];
  return composeEmail(OFFERS_SUSPENDED_SUBJECT, 'Certaines de vos offres ne sont plus proposées au public.', parts);
}
