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
