import { create } from 'xmlbuilder2';
import type { InvoiceParty } from '../invoices/invoice.types';
import type { VatBreakdown } from '../invoices/invoice-totals';
import { recoveryIndemnityBasis } from '../invoicing/late-payment-terms';
import { splitFrenchAddress } from './french-address';
import { percentOf, sirenOf, type DocumentLine, type InvoiceDocument } from './invoice-document';

/**
 * The invoice as EN 16931 structured data in the UN/CEFACT Cross Industry Invoice syntax (CII D16B),
 * Factur-X profile EN 16931. Element order follows the CII schema; the BT numbers are the EN 16931
 * business terms each element carries.
 */
export const EN16931_GUIDELINE = 'urn:cen.eu:en16931:2017';

const NAMESPACES = {
  '@xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  '@xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  '@xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  '@xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

/** SEPA countries (EPC scheme list): a credit transfer to their IBANs is a SEPA credit transfer (code 58). */
const SEPA_COUNTRIES = new Set(
  'AD AT BE BG CH CY CZ DE DK EE ES FI FR GB GI GR HR HU IE IS IT LI LT LU LV MC MT NL NO PL PT RO SE SI SK SM VA'.split(' '),
);

/** Integer cents as a CII amount, "1234.56". */
function amount(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const magnitude = Math.abs(cents);
  return `${sign}${Math.trunc(magnitude / 100)}.${String(magnitude % 100).padStart(2, '0')}`;
}

/** "2026-10-01" as a CII date, format 102 (CCYYMMDD). */
function date102(isoDay: string, type: 'udt' | 'qdt' = 'udt') {
  return { [`${type}:DateTimeString`]: { '@format': '102', '#': isoDay.replaceAll('-', '') } };
}

function address(party: InvoiceParty) {
  const { line, postcode, city } = splitFrenchAddress(party.address);
  return {
    ...(postcode ? { 'ram:PostcodeCode': postcode } : {}),
    'ram:LineOne': line,
    ...(city ? { 'ram:CityName': city } : {}),
    'ram:CountryID': 'FR',
  };
}

function seller(party: InvoiceParty) {
  const siren = sirenOf(party);
  return {
    ...(party.siret ? { 'ram:GlobalID': { '@schemeID': '0009', '#': party.siret } } : {}), // BT-29
    'ram:Name': party.name, // BT-27
    ...(siren ? { 'ram:SpecifiedLegalOrganization': { 'ram:ID': { '@schemeID': '0002', '#': siren } } } : {}), // BT-30
    'ram:PostalTradeAddress': address(party), // BG-5
    ...(party.vatNumber ? { 'ram:SpecifiedTaxRegistration': { 'ram:ID': { '@schemeID': 'VA', '#': party.vatNumber } } } : {}), // BT-31
  };
}

function buyer(party: InvoiceParty) {
  return {
    'ram:Name': party.name, // BT-44
    ...(party.siret ? { 'ram:SpecifiedLegalOrganization': { 'ram:ID': { '@schemeID': '0009', '#': party.siret } } } : {}), // BT-47
    'ram:PostalTradeAddress': address(party), // BG-8
    ...(party.vatNumber ? { 'ram:SpecifiedTaxRegistration': { 'ram:ID': { '@schemeID': 'VA', '#': party.vatNumber } } } : {}), // BT-48
  };
}

/** Category and rate: a rate only for taxed (S) and exempt (E, 0 %) lines, never for out-of-scope ones (BR-O-05). */
function rate(category: 'S' | 'E' | 'O', rateBp: number) {
  return category === 'O' ? {} : { 'ram:RateApplicablePercent': percentOf(rateBp) };
}

function line(l: DocumentLine) {
  return {
    'ram:AssociatedDocumentLineDocument': { 'ram:LineID': String(l.position) }, // BT-126
    'ram:SpecifiedTradeProduct': { 'ram:Name': l.description }, // BT-153
    'ram:SpecifiedLineTradeAgreement': { 'ram:NetPriceProductTradePrice': { 'ram:ChargeAmount': amount(l.unitPriceCents) } }, // BT-146
    'ram:SpecifiedLineTradeDelivery': { 'ram:BilledQuantity': { '@unitCode': 'C62', '#': String(l.quantity) } }, // BT-129, BT-130
    'ram:SpecifiedLineTradeSettlement': {
      'ram:ApplicableTradeTax': { 'ram:TypeCode': 'VAT', 'ram:CategoryCode': l.category, ...rate(l.category, l.rateBp) }, // BT-151, BT-152
      'ram:SpecifiedTradeSettlementLineMonetarySummation': { 'ram:LineTotalAmount': amount(l.netCents) }, // BT-131
    },
  };
}

function vatBreakdown(b: VatBreakdown) {
  return {
    'ram:CalculatedAmount': amount(b.vatCents), // BT-117
    'ram:TypeCode': 'VAT',
    ...(b.exemptionReason ? { 'ram:ExemptionReason': b.exemptionReason } : {}), // BT-120
    'ram:BasisAmount': amount(b.taxableCents), // BT-116
    'ram:CategoryCode': b.category, // BT-118
    ...(b.exemptionCode ? { 'ram:ExemptionReasonCode': b.exemptionCode } : {}), // BT-121
    ...rate(b.category, b.rateBp), // BT-119
  };
}

function notes(doc: InvoiceDocument) {
  // French subject codes: PMD late-payment penalties, PMT the fixed recovery indemnity (BT-21, BT-22).
  const list = [
    ...(doc.creditReason ? [{ 'ram:Content': `Avoir : ${doc.creditReason}` }] : []),
    { 'ram:Content': doc.latePenaltyTerms, 'ram:SubjectCode': 'PMD' },
    {
      'ram:Content': `Indemnité forfaitaire pour frais de recouvrement : ${amount(doc.recoveryIndemnityCents)} EUR (${recoveryIndemnityBasis(doc.buyerIsPublic)})`,
      'ram:SubjectCode': 'PMT',
    },
  ];
  return list;
}

function paymentMeans(doc: InvoiceDocument) {
  if (!doc.payment) return {};
  const { iban, bic } = doc.payment;
  return {
    'ram:SpecifiedTradeSettlementPaymentMeans': {
      'ram:TypeCode': SEPA_COUNTRIES.has(iban.slice(0, 2)) ? '58' : '30', // BT-81
      'ram:PayeePartyCreditorFinancialAccount': { 'ram:IBANID': iban }, // BT-84
      ...(bic ? { 'ram:PayeeSpecifiedCreditorFinancialInstitution': { 'ram:BICID': bic } } : {}), // BT-86
    },
  };
}

export function renderInvoiceCii(doc: InvoiceDocument): string {
  const agreement = {
    ...(doc.buyerServiceCode ? { 'ram:BuyerReference': doc.buyerServiceCode } : {}), // BT-10
    'ram:SellerTradeParty': seller(doc.seller),
    'ram:BuyerTradeParty': buyer(doc.buyer),
    ...(doc.buyerCommitmentNumber ? { 'ram:BuyerOrderReferencedDocument': { 'ram:IssuerAssignedID': doc.buyerCommitmentNumber } } : {}), // BT-13
  };
  const settlement = {
    'ram:PaymentReference': doc.paymentReference, // BT-83
    'ram:InvoiceCurrencyCode': 'EUR', // BT-5
    ...paymentMeans(doc),
    'ram:ApplicableTradeTax': doc.breakdown.map(vatBreakdown), // BG-23
    'ram:BillingSpecifiedPeriod': { 'ram:StartDateTime': date102(doc.periodStart), 'ram:EndDateTime': date102(doc.periodEnd) }, // BT-73, BT-74
    'ram:SpecifiedTradePaymentTerms': { 'ram:Description': doc.paymentTerms, 'ram:DueDateDateTime': date102(doc.dueDate) }, // BT-20, BT-9
    'ram:SpecifiedTradeSettlementHeaderMonetarySummation': {
      'ram:LineTotalAmount': amount(doc.totalNetCents), // BT-106
      'ram:TaxBasisTotalAmount': amount(doc.totalNetCents), // BT-109 (no document-level allowance or charge)
      'ram:TaxTotalAmount': { '@currencyID': 'EUR', '#': amount(doc.totalVatCents) }, // BT-110
      'ram:GrandTotalAmount': amount(doc.totalGrossCents), // BT-112
      'ram:DuePayableAmount': amount(doc.totalGrossCents), // BT-115 (the document as issued: nothing prepaid)
    },
    ...(doc.corrects
      ? { 'ram:InvoiceReferencedDocument': { 'ram:IssuerAssignedID': doc.corrects.number, 'ram:FormattedIssueDateTime': date102(doc.corrects.issueDate, 'qdt') } } // BT-25, BT-26
      : {}),
  };
  return create(
    { version: '1.0', encoding: 'UTF-8' },
    {
      'rsm:CrossIndustryInvoice': {
        ...NAMESPACES,
        'rsm:ExchangedDocumentContext': { 'ram:GuidelineSpecifiedDocumentContextParameter': { 'ram:ID': EN16931_GUIDELINE } }, // BT-24
        'rsm:ExchangedDocument': {
          'ram:ID': doc.number, // BT-1
          'ram:TypeCode': String(doc.typeCode), // BT-3
          'ram:IssueDateTime': date102(doc.issueDate), // BT-2
          'ram:IncludedNote': notes(doc),
        },
        'rsm:SupplyChainTradeTransaction': {
          'ram:IncludedSupplyChainTradeLineItem': doc.lines.map(line), // BG-25
          'ram:ApplicableHeaderTradeAgreement': agreement,
          'ram:ApplicableHeaderTradeDelivery': {},
          'ram:ApplicableHeaderTradeSettlement': settlement,
        },
      },
    },
  ).end({ prettyPrint: true });
}
