import { create } from 'xmlbuilder2';

/**
 * Reads back a CII invoice (what `GET /invoices/{id}/cii.xml` returns) into its EN 16931 business
 * terms, amounts in integer cents and rates in basis points, and checks the EN 16931 rules that can
 * be checked without the CEN Schematron: mandatory terms, the arithmetic (BR-CO-*) and the VAT
 * category rules of the categories we issue (BR-S-*, BR-E-*, BR-O-*), as the CEN and Factur-X CII
 * Schematrons state them (no document-level allowances or charges, no tax representative: we issue none).
 */
export interface CiiLine {
  id: string;
  name: string;
  quantity: string;
  unitCode: string | null;
  netPriceCents: number;
  netCents: number;
  category: string;
  rateBp: number | null;
}

export interface CiiBreakdown {
  basisCents: number;
  vatCents: number;
  category: string;
  rateBp: number | null;
  reason: string | null;
  code: string | null;
}

export interface CiiInvoice {
  guideline: string | null;
  number: string | null;
  typeCode: string | null;
  issueDate: { value: string | null; format: string | null };
  currency: string | null;
  notes: { content: string; subject: string | null }[];
  buyerReference: string | null;
  /** `vat` is BT-31 (tax registration with scheme VA), `taxRegistration` BT-32 (scheme FC). */
  seller: {
    name: string | null;
    globalId: string | null;
    globalScheme: string | null;
    legalId: string | null;
    legalScheme: string | null;
    vat: string | null;
    taxRegistration: string | null;
    country: string | null;
  };
  buyer: { name: string | null; legalId: string | null; legalScheme: string | null; vat: string | null; country: string | null };
  orderReference: string | null;
  precedingInvoice: { number: string | null; date: string | null };
  remittance: string | null;
  paymentMeans: { code: string | null; iban: string | null } | null;
  paymentTerms: string | null;
  dueDate: string | null;
  lines: CiiLine[];
  breakdown: CiiBreakdown[];
  totals: { lineCents: number; taxBasisCents: number; taxCents: number; taxCurrency: string | null; grandCents: number; duePayableCents: number };
}

type El = { getElementsByTagName(name: string): ArrayLike<El>; textContent: string | null; getAttribute(name: string): string | null; parentNode: { nodeName: string } | null };

function first(scope: El, name: string): El | null {
  return scope.getElementsByTagName(name)[0] ?? null;
}

function text(scope: El | null, ...path: string[]): string | null {
  let node: El | null = scope;
  for (const name of path) node = node ? first(node, name) : null;
  return node?.textContent?.trim() ?? null;
}

function attribute(scope: El | null, path: string[], name: string): string | null {
  let node: El | null = scope;
  for (const step of path) node = node ? first(node, step) : null;
  return node?.getAttribute(name) ?? null;
}

/** "1234.56" → 123456; refuses more than two decimals (BR-DEC). */
export function ciiCents(value: string | null): number {
  const match = /^(-?)([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(value ?? '');
  if (!match) throw new Error(`"${value}" is not an amount with at most two decimals`);
  const cents = Number(match[2]) * 100 + Number((match[3] ?? '').padEnd(2, '0'));
  return match[1] ? -cents : cents;
}

/** The party's tax registration of one scheme (CII: VA = VAT identifier, FC = tax registration). */
function taxRegistration(party: El | null, scheme: 'VA' | 'FC'): string | null {
  const found = Array.from(party?.getElementsByTagName('ram:SpecifiedTaxRegistration') ?? []).find((r) => attribute(r, ['ram:ID'], 'schemeID') === scheme);
  return found ? text(found, 'ram:ID') : null;
}

function basisPoints(value: string | null): number | null {
  if (value === null) return null;
  const match = /^([0-9]+)(?:\.([0-9]{1,2}))?$/.exec(value);
  if (!match) throw new Error(`"${value}" is not a percentage`);
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export function readCii(xml: string): CiiInvoice {
  const root = create(xml).root().node as unknown as El;
  const agreement = first(root, 'ram:ApplicableHeaderTradeAgreement');
  const settlement = first(root, 'ram:ApplicableHeaderTradeSettlement');
  const seller = agreement && first(agreement, 'ram:SellerTradeParty');
  const buyer = agreement && first(agreement, 'ram:BuyerTradeParty');
  const sums = settlement && first(settlement, 'ram:SpecifiedTradeSettlementHeaderMonetarySummation');
  const means = settlement && first(settlement, 'ram:SpecifiedTradeSettlementPaymentMeans');
  const document = first(root, 'rsm:ExchangedDocument');
  return {
    guideline: text(root, 'ram:GuidelineSpecifiedDocumentContextParameter', 'ram:ID'),
    number: text(document, 'ram:ID'),
    typeCode: text(document, 'ram:TypeCode'),
    issueDate: { value: text(document, 'ram:IssueDateTime', 'udt:DateTimeString'), format: attribute(document, ['ram:IssueDateTime', 'udt:DateTimeString'], 'format') },
    currency: text(settlement, 'ram:InvoiceCurrencyCode'),
    notes: Array.from(document?.getElementsByTagName('ram:IncludedNote') ?? []).map((n) => ({ content: text(n, 'ram:Content') ?? '', subject: text(n, 'ram:SubjectCode') })),
    buyerReference: text(agreement, 'ram:BuyerReference'),
    seller: {
      name: text(seller, 'ram:Name'),
      globalId: text(seller, 'ram:GlobalID'),
      globalScheme: attribute(seller, ['ram:GlobalID'], 'schemeID'),
      legalId: text(seller, 'ram:SpecifiedLegalOrganization', 'ram:ID'),
      legalScheme: attribute(seller, ['ram:SpecifiedLegalOrganization', 'ram:ID'], 'schemeID'),
      vat: taxRegistration(seller, 'VA'),
      taxRegistration: taxRegistration(seller, 'FC'),
      country: text(seller, 'ram:PostalTradeAddress', 'ram:CountryID'),
    },
    buyer: {
      name: text(buyer, 'ram:Name'),
      legalId: text(buyer, 'ram:SpecifiedLegalOrganization', 'ram:ID'),
      legalScheme: attribute(buyer, ['ram:SpecifiedLegalOrganization', 'ram:ID'], 'schemeID'),
      vat: taxRegistration(buyer, 'VA'),
      country: text(buyer, 'ram:PostalTradeAddress', 'ram:CountryID'),
    },
    orderReference: text(agreement, 'ram:BuyerOrderReferencedDocument', 'ram:IssuerAssignedID'),
    precedingInvoice: {
      number: text(settlement, 'ram:InvoiceReferencedDocument', 'ram:IssuerAssignedID'),
      date: text(settlement, 'ram:InvoiceReferencedDocument', 'ram:FormattedIssueDateTime', 'qdt:DateTimeString'),
    },
    remittance: text(settlement, 'ram:PaymentReference'),
    paymentMeans: means ? { code: text(means, 'ram:TypeCode'), iban: text(means, 'ram:PayeePartyCreditorFinancialAccount', 'ram:IBANID') } : null,
    paymentTerms: text(settlement, 'ram:SpecifiedTradePaymentTerms', 'ram:Description'),
    dueDate: text(settlement, 'ram:SpecifiedTradePaymentTerms', 'ram:DueDateDateTime', 'udt:DateTimeString'),
    lines: Array.from(root.getElementsByTagName('ram:IncludedSupplyChainTradeLineItem')).map((l) => ({
      id: text(l, 'ram:AssociatedDocumentLineDocument', 'ram:LineID') ?? '',
      name: text(l, 'ram:SpecifiedTradeProduct', 'ram:Name') ?? '',
      quantity: text(l, 'ram:BilledQuantity') ?? '',
      unitCode: attribute(l, ['ram:BilledQuantity'], 'unitCode'),
      netPriceCents: ciiCents(text(l, 'ram:NetPriceProductTradePrice', 'ram:ChargeAmount')),
      netCents: ciiCents(text(l, 'ram:SpecifiedTradeSettlementLineMonetarySummation', 'ram:LineTotalAmount')),
      category: text(l, 'ram:ApplicableTradeTax', 'ram:CategoryCode') ?? '',
      rateBp: basisPoints(text(l, 'ram:ApplicableTradeTax', 'ram:RateApplicablePercent')),
    })),
    breakdown: Array.from(settlement?.getElementsByTagName('ram:ApplicableTradeTax') ?? []).map((b) => ({
      basisCents: ciiCents(text(b, 'ram:BasisAmount')),
      vatCents: ciiCents(text(b, 'ram:CalculatedAmount')),
      category: text(b, 'ram:CategoryCode') ?? '',
      rateBp: basisPoints(text(b, 'ram:RateApplicablePercent')),
      reason: text(b, 'ram:ExemptionReason'),
      code: text(b, 'ram:ExemptionReasonCode'),
    })),
    totals: {
      lineCents: ciiCents(text(sums, 'ram:LineTotalAmount')),
      taxBasisCents: ciiCents(text(sums, 'ram:TaxBasisTotalAmount')),
      taxCents: ciiCents(text(sums, 'ram:TaxTotalAmount')),
      taxCurrency: attribute(sums, ['ram:TaxTotalAmount'], 'currencyID'),
      grandCents: ciiCents(text(sums, 'ram:GrandTotalAmount')),
      duePayableCents: ciiCents(text(sums, 'ram:DuePayableAmount')),
    },
  };
}

/** BR-CO-17: basis × rate, rounded half up to the cent (exact, in bigint). */
function expectedVat(basisCents: number, rateBp: number): number {
  const product = BigInt(basisCents) * BigInt(rateBp);
  const sign = product < 0n ? -1n : 1n;
  return Number((((product * sign) + 5_000n) / 10_000n) * sign);
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

/** The rules broken by the invoice, each as "BR-xx: what is wrong"; empty when none is. */
export function en16931Violations(inv: CiiInvoice): string[] {
  const broken: string[] = [];
  const check = (rule: string, ok: boolean, what: string) => {
    if (!ok) broken.push(`${rule}: ${what}`);
  };
  check('BR-01', inv.guideline !== null, 'specification identifier (BT-24) missing');
  check('BR-02', !!inv.number, 'invoice number (BT-1) missing');
  check('BR-03', !!inv.issueDate.value && inv.issueDate.format === '102', 'issue date (BT-2) missing or not format 102');
  check('BR-04', inv.typeCode === '380' || inv.typeCode === '381', `type code (BT-3) ${inv.typeCode}`);
  check('BR-05', inv.currency === 'EUR', 'currency (BT-5) missing');
  check('BR-06', !!inv.seller.name, 'seller name (BT-27) missing');
  check('BR-07', !!inv.buyer.name, 'buyer name (BT-44) missing');
  check('BR-09', !!inv.seller.country, 'seller country (BT-40) missing');
  check('BR-11', !!inv.buyer.country, 'buyer country (BT-55) missing');
  check('BR-16', inv.lines.length > 0, 'no invoice line');
  check('BR-CO-10', sum(inv.lines.map((l) => l.netCents)) === inv.totals.lineCents, 'sum of line nets ≠ BT-106');
  check('BR-CO-13', inv.totals.taxBasisCents === inv.totals.lineCents, 'BT-109 ≠ BT-106 (no allowance or charge)');
  check('BR-CO-14', sum(inv.breakdown.map((b) => b.vatCents)) === inv.totals.taxCents, 'BT-110 ≠ sum of BT-117');
  check('BR-CO-15', inv.totals.grandCents === inv.totals.taxBasisCents + inv.totals.taxCents, 'BT-112 ≠ BT-109 + BT-110');
  check('BR-CO-16', inv.totals.duePayableCents === inv.totals.grandCents, 'BT-115 ≠ BT-112 (nothing prepaid, no rounding)');
  check('BR-CO-25', inv.totals.duePayableCents <= 0 || !!inv.dueDate || !!inv.paymentTerms, 'amount due without due date or terms');
  check('BR-53', inv.totals.taxCurrency === 'EUR', 'BT-110 without currencyID');
  for (const line of inv.lines) {
    check('BR-21', !!line.id, 'line without identifier (BT-126)');
    check('BR-22', !!line.quantity, `line ${line.id} without quantity (BT-129)`);
    check('BR-23', !!line.unitCode, `line ${line.id} without unit code (BT-130)`);
    check('BR-25', !!line.name, `line ${line.id} without item name (BT-153)`);
    check('BR-26', Number.isInteger(line.netPriceCents), `line ${line.id} without net price (BT-146)`);
    check('BR-CO-04', ['S', 'E', 'O'].includes(line.category), `line ${line.id} VAT category ${line.category}`);
  }
  check('BR-CO-09', [inv.seller.vat, inv.buyer.vat].every((id) => id === null || /^[A-Z]{2}[0-9A-Z+*.]{2,13}$/.test(id)), 'VAT identifier without country prefix');
  check('BR-CO-18', inv.breakdown.length > 0, 'no VAT breakdown (BG-23)');
  check('BR-CO-26', !!(inv.seller.globalId || inv.seller.legalId || inv.seller.vat), 'seller without identifier (BT-29, BT-30 or BT-31)');
  vatCategoryViolations(inv, check);
  if (inv.paymentMeans && ['30', '58'].includes(inv.paymentMeans.code ?? '')) check('BR-61', !!inv.paymentMeans.iban, 'credit transfer without account (BT-84)');
  return broken;
}

type Check = (rule: string, ok: boolean, what: string) => void;

/** The VAT category rules: what each of S, E and O asks of the lines, of the breakdown and of the parties. */
function vatCategoryViolations(inv: CiiInvoice, check: Check): void {
  const linesOf = (category: string) => inv.lines.filter((l) => l.category === category);
  const breakdownOf = (category: string) => inv.breakdown.filter((b) => b.category === category);
  const sellerRegistered = !!(inv.seller.vat || inv.seller.taxRegistration);
  for (const b of inv.breakdown) {
    check('BR-47', ['S', 'E', 'O'].includes(b.category), `breakdown category "${b.category}" (only S, E and O are issued and checked here)`);
    check('BR-48', b.category === 'O' || b.rateBp !== null, `${b.category} breakdown without a rate (BT-119)`);
    if (b.rateBp !== null) check('BR-CO-17', b.vatCents === expectedVat(b.basisCents, b.rateBp), `${b.category} ${b.rateBp}: VAT ${b.vatCents} ≠ rounded basis × rate`);
    check('BR-CL-22', b.code === null || /^VATEX-[A-Z]{2}(-[A-Z0-9]+)+$/.test(b.code), `exemption code ${b.code} is not a VATEX code`);
  }

  const s = linesOf('S');
  if (s.length > 0) {
    check('BR-S-01', breakdownOf('S').length > 0, 'S lines without an S breakdown');
    check('BR-S-02', sellerRegistered, 'S line without seller VAT identifier (BT-31) or tax registration (BT-32)');
  }
  for (const line of s) {
    check('BR-S-05', line.rateBp !== null && line.rateBp > 0, `S line ${line.id} without a positive rate`);
    check('BR-S-08', breakdownOf('S').some((b) => b.rateBp === line.rateBp), `S line ${line.id} at ${line.rateBp} has no breakdown of its rate`);
  }
  for (const b of breakdownOf('S')) {
    const base = sum(s.filter((l) => l.rateBp === b.rateBp).map((l) => l.netCents));
    check('BR-S-08', base === b.basisCents, `S ${b.rateBp} basis ${b.basisCents} ≠ its lines' ${base}`);
    check('BR-S-09', b.rateBp !== null && b.vatCents === expectedVat(b.basisCents, b.rateBp), `S ${b.rateBp}: VAT ${b.vatCents} ≠ basis × rate`);
    check('BR-S-10', b.reason === null && b.code === null, 'S breakdown with an exemption reason');
  }

  const e = linesOf('E');
  if (e.length > 0) {
    check('BR-E-01', breakdownOf('E').length === 1, `E lines with ${breakdownOf('E').length} E breakdowns instead of one`);
    check('BR-E-02', sellerRegistered, 'E line without seller VAT identifier (BT-31) or tax registration (BT-32)');
  }
  for (const line of e) check('BR-E-05', line.rateBp === 0, `E line ${line.id} with rate ${line.rateBp} instead of 0`);
  for (const b of breakdownOf('E')) {
    const base = sum(e.map((l) => l.netCents));
    check('BR-E-08', base === b.basisCents, `E basis ${b.basisCents} ≠ its lines' ${base}`);
    check('BR-E-09', b.vatCents === 0, 'E breakdown with VAT');
    check('BR-E-10', b.reason !== null || b.code !== null, 'E breakdown without exemption reason (BT-120) or code (BT-121)');
  }

  const o = linesOf('O');
  if (o.length > 0) {
    check('BR-O-01', breakdownOf('O').length === 1, `O lines with ${breakdownOf('O').length} O breakdowns instead of one`);
    check('BR-O-02', !inv.seller.vat && !inv.buyer.vat, 'O line with a seller (BT-31) or buyer (BT-48) VAT identifier');
  }
  for (const line of o) check('BR-O-05', line.rateBp === null, `O line ${line.id} with a rate`);
  for (const b of breakdownOf('O')) {
    const base = sum(o.map((l) => l.netCents));
    check('BR-O-08', base === b.basisCents, `O basis ${b.basisCents} ≠ its lines' ${base}`);
    check('BR-O-09', b.vatCents === 0, 'O breakdown with VAT');
    check('BR-O-10', b.reason !== null || b.code !== null, 'O breakdown without exemption reason (BT-120) or code (BT-121)');
    check('BR-O-11', inv.breakdown.every((other) => other.category === 'O'), 'an O breakdown next to other VAT categories');
    check('BR-O-12', inv.lines.every((l) => l.category === 'O'), 'an O breakdown next to lines of other VAT categories');
  }
}
