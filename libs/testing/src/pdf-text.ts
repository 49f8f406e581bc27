import { inflateSync } from 'node:zlib';

/** The bytes 0x80–0x9F of WinAnsiEncoding (pdfkit's encoding for the standard fonts); the rest is Latin-1. */
const WIN_ANSI: Record<number, string> = {
  0x80: '€', 0x82: '‚', 0x83: 'ƒ', 0x84: '„', 0x85: '…', 0x86: '†', 0x87: '‡', 0x88: 'ˆ', 0x89: '‰', 0x8a: 'Š', 0x8b: '‹',
  0x8c: 'Œ', 0x8e: 'Ž', 0x91: '‘', 0x92: '’', 0x93: '“', 0x94: '”', 0x95: '•', 0x96: '–', 0x97: '—', 0x98: '˜', 0x99: '™',
  0x9a: 'š', 0x9b: '›', 0x9c: 'œ', 0x9e: 'ž', 0x9f: 'Ÿ',
};

function decodeHex(hex: string): string {
  let text = '';
  for (let i = 0; i + 1 < hex.length; i += 2) {
    const byte = parseInt(hex.slice(i, i + 2), 16);
    text += WIN_ANSI[byte] ?? String.fromCharCode(byte);
  }
  return text;
}

/**
 * The text of a PDF written by pdfkit with its standard fonts, one string per text object (a line
 * as laid out), in drawing order: content streams inflated, hex strings of TJ/Tj decoded. Enough to
 * check what a generated document says without poppler; not a general PDF parser.
 */
export function pdfTextLines(pdf: Buffer): string[] {
  const raw = pdf.toString('latin1');
  const lines: string[] = [];
  const streams = /<<((?:(?!>>)[\s\S])*)>>\s*stream\r?\n/g;
  for (let match = streams.exec(raw); match; match = streams.exec(raw)) {
    const length = /\/Length (\d+)(?!\s+\d+\s+R)/.exec(match[1]!);
    const start = match.index + match[0].length;
    const end = length ? start + Number(length[1]) : raw.indexOf('endstream', start);
    const bytes = pdf.subarray(start, end);
    const content = /\/FlateDecode/.test(match[1]!) ? inflateSync(bytes).toString('latin1') : bytes.toString('latin1');
    for (const block of content.match(/BT[\s\S]*?ET/g) ?? []) {
      const strings = [...block.matchAll(/<([0-9a-fA-F]*)>/g)].map((m) => decodeHex(m[1]!));
      if (strings.length > 0) lines.push(strings.join(''));
    }
  }
  return lines;
}

/** All of a PDF's text on one line, every run of white space (no-break spaces included) as one space. */
export function pdfText(pdf: Buffer): string {
  return pdfTextLines(pdf).join(' ').replace(/\s+/g, ' ');
}
