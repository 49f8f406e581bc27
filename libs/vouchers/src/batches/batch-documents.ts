import { formatEuros, frenchDate } from '@passerelle/common';
import { stringify } from 'csv-stringify/sync';
import PDFDocument from 'pdfkit';
import QRCode from 'qrcode';
import { formatCode } from '../codes/voucher-code';
import type { ProgramRecord } from '../programs/program.repository';

export interface BatchSheet {
  batchId: string;
  program: ProgramRecord;
  vouchers: { code: string; status: string }[];
}

/** One line per voucher, codes as printed (groups of four). */
export function renderBatchCsv(sheet: BatchSheet): string {
  return stringify(
    sheet.vouchers.map((voucher) => [
      formatCode(voucher.code),
      sheet.program.faceValueCents,
      sheet.program.name,
      sheet.program.validFrom,
      sheet.program.validUntil,
      voucher.status,
    ]),
    { header: true, columns: ['code', 'face_value_cents', 'program', 'valid_from', 'valid_until', 'status'] },
  );
}

const COLUMNS = 2;
const ROWS = 4;
const MARGIN = 36;
const QR_SIZE = 110;

/**
 * A printable A4 sheet, eight vouchers a page, each with its QR code (drawn as vector squares, so it
 * scans at any print size), its code in large letters, its value and validity.
 */
export function renderBatchPdf(sheet: BatchSheet): Promise<Buffer> {
  const document = new PDFDocument({ size: 'A4', margin: MARGIN, info: { Title: `Chèques ${sheet.program.name}` } });
  const chunks: Buffer[] = [];
  document.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<Buffer>((resolve, reject) => {
    document.on('end', () => resolve(Buffer.concat(chunks)));
    document.on('error', reject);
  });
  const cellWidth = (document.page.width - 2 * MARGIN) / COLUMNS;
  const cellHeight = (document.page.height - 2 * MARGIN) / ROWS;
  const { program } = sheet;
  sheet.vouchers.forEach((voucher, index) => {
    const slot = index % (COLUMNS * ROWS);
    if (index > 0 && slot === 0) document.addPage();
    const x = MARGIN + (slot % COLUMNS) * cellWidth;
    const y = MARGIN + Math.floor(slot / COLUMNS) * cellHeight;
    document.rect(x + 4, y + 4, cellWidth - 8, cellHeight - 8).dash(3, { space: 3 }).stroke().undash();
    drawQr(document, voucher.code, x + 14, y + 14, QR_SIZE);
    const textX = x + 14;
    const textY = y + 14 + QR_SIZE + 8;
    document.font('Courier-Bold').fontSize(16).text(formatCode(voucher.code), textX, textY, { width: cellWidth - 28 });
    document
      .font('Helvetica')
      .fontSize(9)
      .text(`${program.name} — chèque de ${formatEuros(program.faceValueCents)}`, { width: cellWidth - 28 })
      .text(`Valable du ${frenchDate(program.validFrom)} au ${frenchDate(program.validUntil)}`, { width: cellWidth - 28 })
      .text('Aide gratuite pour vos démarches en ligne, dans un lieu labellisé.', { width: cellWidth - 28 });
  });
  document.end();
  return done;
}

function drawQr(document: PDFKit.PDFDocument, code: string, x: number, y: number, size: number): void {
  const { modules } = QRCode.create(code, { errorCorrectionLevel: 'M' });
  const cell = size / modules.size;
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (modules.get(row, column)) document.rect(x + column * cell, y + row * cell, cell, cell);
    }
  }
  document.fill('black');
}
