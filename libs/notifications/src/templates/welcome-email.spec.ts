import { escapeHtml } from './html';
import { WELCOME_EMAIL_SUBJECT, renderWelcomeEmail } from './welcome-email';

describe('renderWelcomeEmail', () => {
  const data = { email: 'zoe@example.org', displayName: 'Zoé <script>alert("x")</script> & Cie', appUrl: 'https://passerelle.example/?a=1&b=2' };

  it('writes a French subject and a plain-text part with the name as given', () => {
    const mail = renderWelcomeEmail(data);
    expect(mail.subject).toBe(WELCOME_EMAIL_SUBJECT);
    expect(mail.text).toContain(`Bonjour ${data.displayName},`);
    expect(mail.text).toContain('Votre compte Passerelle est créé.');
    expect(mail.text).toContain(data.appUrl);
    expect(mail.text).toContain(data.email);
  });

  it('escapes what people typed in the HTML part, and declares the page French', () => {
    const { html } = renderWelcomeEmail(data);
    expect(html).not.toContain('<script>');
    expect(html).toContain('Zoé &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; Cie');
    expect(html).toContain('href="https://passerelle.example/?a=1&amp;b=2"');
    expect(html).toMatch(/<html lang="fr">/);
  });

  it('still greets someone whose display name is blank', () => {
    expect(renderWelcomeEmail({ ...data, displayName: '  ' }).text.startsWith('Bonjour et bienvenue,')).toBe(true);
  });

  it('escapes every character that matters in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});
