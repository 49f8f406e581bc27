import { formatEuros, frenchDate } from '@passerelle/common';
import { buffer } from 'node:stream/consumers';
import PDFDocument from 'pdfkit';
import type { InvoiceParty } from '../invoices/invoice.types';
import type { VatBreakdown } from '../invoices/invoice-totals';
import { recoveryIndemnityBasis } from '../invoicing/late-payment-terms';
import { percentOf, sirenOf, type DocumentLine, type InvoiceDocument } from './invoice-document';

/**
 * The invoice or credit note as a printable A4 PDF with the mentions French law requires (CGI annexe
 * II art. 242 nonies A; C. com. L441-9, L441-10 and D441-5, or for a public buyer C. commande publique
 * R2192-31 and R2192-32).
 */
const MARGIN = 40;
const FONT = 'Helvetica';
const BOLD = 'Helvetica-Bold';
/** Table columns: x offset from the margin and width, in points (A4 content width is 515). */
const COLUMNS = { description: [0, 230], quantity: [235, 40], unit: [280, 70], vat: [355, 70], net: [430, 85] } as const;

type Pdf = PDFKit.PDFDocument;

function rateLabel(category: 'S' | 'E' | 'O', rateBp: number): string {
  if (category === 'S') return `${percentOf(rateBp).replace('.', ',')} %`;
  return category === 'E' ? 'Exonéré' : 'Hors champ';
}

/** A face-value line (it names the structure it is owed to) in category E is a débours, not an exempt sale. */
function lineVatLabel(l: DocumentLine): string {
  return l.category === 'E' && l.structureId !== null ? 'Débours' : rateLabel(l.category, l.rateBp);
}

function partyLines(party: InvoiceParty): string[] {
  const siren = sirenOf(party);
  const legal = [party.legalForm, party.shareCapital ? `au capital de ${party.shareCapital}` : undefined].filter(Boolean).join(' ');
  return [
    ...(legal ? [legal] : []),
    party.address,
    ...(siren ? [`SIREN : ${siren}`] : []),
    ...(party.siret ? [`SIRET : ${party.siret}`] : []),
    ...(party.rcs ? [party.rcs] : []),
    ...(party.vatNumber ? [`N° TVA intracommunautaire : ${party.vatNumber}`] : []),
  ];
}

function block(pdf: Pdf, title: string, name: string, lines: string[], x: number, y: number, width: number): number {
  pdf.font(BOLD).fontSize(9).text(title, x, y, { width });
  pdf.font(BOLD).fontSize(10).text(name, { width });
  pdf.font(FONT).fontSize(9);
  for (const text of lines) pdf.text(text, { width });
  return pdf.y;
}

/** Moves to a new page when `height` more points do not fit. */
function ensureRoom(pdf: Pdf, height: number): void {
  if (pdf.y + height > pdf.page.height - MARGIN) pdf.addPage();
}

function row(pdf: Pdf, cells: Record<keyof typeof COLUMNS, string>, bold = false): void {
  pdf.font(bold ? BOLD : FONT).fontSize(9);
  const height = Math.max(...Object.entries(cells).map(([key, text]) => pdf.heightOfString(text, { width: COLUMNS[key as keyof typeof COLUMNS][1] })));
  ensureRoom(pdf, height + 4);
  const y = pdf.y;
  for (const [key, text] of Object.entries(cells) as [keyof typeof COLUMNS, string][]) {
    const [offset, width] = COLUMNS[key];
    pdf.text(text, MARGIN + offset, y, { width, align: key === 'description' ? 'left' : 'right' });
  }
  pdf.x = MARGIN;
  pdf.y = y + height + 4;
}

function header(pdf: Pdf, doc: InvoiceDocument): void {
  const title = doc.typeCode === 381 ? 'AVOIR' : 'FACTURE';
  pdf.font(BOLD).fontSize(18).text(`${title} n° ${doc.number}`, MARGIN, MARGIN);
  pdf.font(FONT).fontSize(9).moveDown(0.5);
  pdf.text(`Date d'émission : ${frenchDate(doc.issueDate)}`);
  pdf.text(`Période de la prestation : du ${frenchDate(doc.periodStart)} au ${frenchDate(doc.periodEnd)}`);
  pdf.text(`Date d'échéance : ${frenchDate(doc.dueDate)}`);
  pdf.text('Nature des opérations : prestations de services');
  if (doc.corrects) pdf.font(BOLD).text(`Avoir portant sur la facture n° ${doc.corrects.number} du ${frenchDate(doc.corrects.issueDate)}`).font(FONT);
  if (doc.creditReason) pdf.text(`Motif : ${doc.creditReason}`);
  pdf.moveDown();
}

function parties(pdf: Pdf, doc: InvoiceDocument): void {
  const top = pdf.y;
  const width = 250;
  const left = block(pdf, 'Émetteur', doc.seller.name, partyLines(doc.seller), MARGIN, top, width);
  const routing = [
    ...(doc.buyerServiceCode ? [`Code service (Chorus Pro) : ${doc.buyerServiceCode}`] : []),
    ...(doc.buyerCommitmentNumber ? [`N° d'engagement : ${doc.buyerCommitmentNumber}`] : []),
  ];
  const right = block(pdf, doc.buyerIsPublic ? 'Client (acheteur public)' : 'Client', doc.buyer.name, [...partyLines(doc.buyer), ...routing], MARGIN + 265, top, width);
  pdf.x = MARGIN;
  pdf.y = Math.max(left, right) + 16;
}

function lines(pdf: Pdf, doc: InvoiceDocument): void {
  row(pdf, { description: 'Désignation', quantity: 'Qté', unit: 'P.U. HT', vat: 'TVA', net: 'Montant HT' }, true);
  for (const l of doc.lines) {
    row(pdf, {
      description: l.description,
      quantity: String(l.quantity),
      unit: formatEuros(l.unitPriceCents),
      vat: lineVatLabel(l),
      net: formatEuros(l.netCents),
    });
  }
  pdf.moveDown();
}

/**
 * One row per category and rate; an untaxed row prints its legal mention (the débours one, an
 * exemption's, or both joined when an exempt fee shares the débours' row). "Sans TVA" rather than
 * "Exonéré": débours are not an exempt sale but sums left out of the taxable amount.
 */
function breakdownText(b: VatBreakdown): string {
  if (b.category === 'S') return `TVA ${rateLabel(b.category, b.rateBp)} sur ${formatEuros(b.taxableCents)} HT : ${formatEuros(b.vatCents)}`;
  return `${b.category === 'E' ? 'Sans TVA' : 'Hors champ de la TVA'} sur ${formatEuros(b.taxableCents)} : ${b.exemptionReason ?? ''}`;
}

function totals(pdf: Pdf, doc: InvoiceDocument): void {
  ensureRoom(pdf, 60 + 14 * doc.breakdown.length);
  pdf.font(BOLD).fontSize(10).text('Récapitulatif de la TVA', MARGIN);
  pdf.font(FONT).fontSize(9);
  for (const b of doc.breakdown) pdf.text(breakdownText(b));
  pdf.moveDown(0.5);
  const amounts: [string, number][] = [
    ['Total HT', doc.totalNetCents],
    ['Total TVA', doc.totalVatCents],
    [doc.typeCode === 381 ? 'Total TTC de l’avoir' : 'Total TTC', doc.totalGrossCents],
    [doc.typeCode === 381 ? 'Montant à déduire ou à rembourser' : 'Net à payer', doc.totalGrossCents],
  ];
  for (const [label, cents] of amounts) {
    const y = pdf.y;
    pdf.font(label.startsWith('Total TTC') ? BOLD : FONT).text(label, MARGIN + 305, y, { width: 120 });
    pdf.text(formatEuros(cents), MARGIN + 430, y, { width: 85, align: 'right' });
  }
  pdf.x = MARGIN;
  pdf.moveDown();
}

function paymentTerms(pdf: Pdf, doc: InvoiceDocument): void {
  ensureRoom(pdf, 110);
  pdf.font(BOLD).fontSize(10).text('Conditions de règlement', MARGIN);
  pdf.font(FONT).fontSize(9);
  pdf.text(doc.paymentTerms);
  if (doc.payment) {
    pdf.text(`Virement sur le compte IBAN ${doc.payment.iban.replace(/(.{4})(?=.)/g, '$1 ')}${doc.payment.bic ? ` — BIC ${doc.payment.bic}` : ''}`);
    pdf.text(`Référence à indiquer sur le virement : ${doc.payment.reference}`);
  }
  pdf.text(doc.latePenaltyTerms);
  pdf.text(
    `Indemnité forfaitaire pour frais de recouvrement due en cas de retard de paiement : ${formatEuros(doc.recoveryIndemnityCents)} (${recoveryIndemnityBasis(doc.buyerIsPublic)}).`,
  );
  if (doc.buyerIsPublic) {
    pdf.text('Acheteur public : délai global de paiement et intérêts moratoires selon le code de la commande publique (art. L2192-10 et suivants).');
  }
}

export function renderInvoicePdf(doc: InvoiceDocument): Promise<Buffer> {
  const title = `${doc.typeCode === 381 ? 'Avoir' : 'Facture'} ${doc.number}`;
  const pdf = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: title, Author: doc.seller.name } });
  const done = buffer(pdf);
  header(pdf, doc);
  parties(pdf, doc);
  lines(pdf, doc);
  totals(pdf, doc);
  paymentTerms(pdf, doc);
  pdf.end();
  return done;
}
