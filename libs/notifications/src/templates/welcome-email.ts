import type { MailMessage } from '../mailer';
import { escapeHtml, simpleEmailLayout } from './html';

export interface WelcomeEmailData {
  email: string;
  displayName: string;
  /** Where the person signs in (PUBLIC_BASE_URL). */
  appUrl: string;
}

export const WELCOME_EMAIL_SUBJECT = 'Bienvenue sur Passerelle';

/** The welcome email, in short sentences: one idea per line, one link, nothing to decode. */
export function renderWelcomeEmail(data: WelcomeEmailData): Omit<MailMessage, 'to'> {
  const name = data.displayName.trim() || 'et bienvenue';
  const text = [
    `Bonjour ${name},`,
    '',
    'Votre compte Passerelle est créé.',
    '',
    'Passerelle vous aide pour vos démarches en ligne.',
    'Par exemple : la CAF, les impôts, la retraite.',
    'Une personne formée peut vous aider.',
    'Vous choisissez le lieu et l’heure du rendez-vous.',
    '',
    'Pour commencer, ouvrez cette adresse :',
    data.appUrl,
    '',
    `Pour vous connecter, utilisez cette adresse e-mail : ${data.email}`,
    '',
    'Vous n’avez pas créé ce compte ?',
    'Ne faites rien. Vous pouvez supprimer ce message.',
    '',
    'À bientôt,',
    'L’équipe Passerelle',
    '',
    'Ce message est envoyé automatiquement. Merci de ne pas y répondre.',
  ].join('\n');

  const p = (content: string) => `<p style="margin:0 0 16px 0;">${content}</p>`;
  const url = escapeHtml(data.appUrl);
  const body = [
    `<h1 style="font-size:28px;line-height:1.3;margin:0 0 24px 0;">${escapeHtml(WELCOME_EMAIL_SUBJECT)}</h1>`,
    p(`Bonjour ${escapeHtml(name)},`),
    p('<strong>Votre compte Passerelle est créé.</strong>'),
    p('Passerelle vous aide pour vos démarches en ligne.<br>Par exemple : la CAF, les impôts, la retraite.'),
    p('Une personne formée peut vous aider.<br>Vous choisissez le lieu et l’heure du rendez-vous.'),
    p(
      `<a href="${url}" style="display:inline-block;padding:16px 28px;background:#0b4f8a;color:#ffffff;font-weight:bold;text-decoration:underline;border-radius:6px;">Ouvrir Passerelle</a>`,
    ),
    p(`Le bouton ne marche pas ? Copiez cette adresse dans votre navigateur :<br><span style="word-break:break-all;">${url}</span>`),
    p(`Pour vous connecter, utilisez cette adresse e-mail :<br><strong>${escapeHtml(data.email)}</strong>`),
    p('Vous n’avez pas créé ce compte ?<br>Ne faites rien. Vous pouvez supprimer ce message.'),
    p('À bientôt,<br>L’équipe Passerelle'),
    '<p style="margin:24px 0 0 0;font-size:16px;color:#4a4a4a;">Ce message est envoyé automatiquement. Merci de ne pas y répondre.</p>',
  ].join('\n');

  return { subject: WELCOME_EMAIL_SUBJECT, text, html: simpleEmailLayout(WELCOME_EMAIL_SUBJECT, body) };
}
