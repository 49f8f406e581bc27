import type { MailMessage } from '../mailer';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for an HTML element body or a double-quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => ENTITIES[char]!);
}

/**
 * A plain, readable page for people who find screens hard: large text, strong contrast, one column,
 * one action. Inline styles only, because many mail clients drop <style> blocks.
 */
export function simpleEmailLayout(title: string, bodyHtml: string): string {
  return [
    '<!doctype html>',
    '<html lang="fr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body style="margin:0;padding:24px;background:#ffffff;color:#1a1a1a;font-family:Arial,Helvetica,sans-serif;font-size:20px;line-height:1.6;">',
    '<div role="article" aria-label="' + escapeHtml(title) + '" lang="fr" style="max-width:560px;margin:0 auto;">',
    bodyHtml,
    '</div>',
    '</body>',
    '</html>',
  ].join('\n');
}

export const p = (content: string) => `<p style="margin:0 0 16px 0;">${content}</p>`;
const h1 = (title: string) => `<h1 style="font-size:28px;line-height:1.3;margin:0 0 24px 0;">${escapeHtml(title)}</h1>`;
const FOOTER_TEXT = 'Ce message est envoyé automatiquement. Merci de ne pas y répondre.';
const FOOTER_HTML = `<p style="margin:24px 0 0 0;font-size:16px;color:#4a4a4a;">${FOOTER_TEXT}</p>`;

/** A message's parts, as plain text lines and the matching HTML blocks. */
export interface EmailPart {
  text: string[];
  html: string[];
}

/** Greeting, intro in bold, the parts, signature and footer, in both the plain and the HTML version. */
export function composeEmail(subject: string, intro: string, parts: EmailPart[]): Omit<MailMessage, 'to'> {
  const text = ['Bonjour,', '', intro, '', ...parts.flatMap((part) => part.text), '', 'L’équipe Passerelle', '', FOOTER_TEXT].join('\n');
  const body = [h1(subject), p('Bonjour,'), p(`<strong>${escapeHtml(intro)}</strong>`), ...parts.flatMap((part) => part.html), p('L’équipe Passerelle'), FOOTER_HTML];
  return { subject, text, html: simpleEmailLayout(subject, body.join('\n')) };
}
