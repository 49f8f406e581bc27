import { DateTime } from 'luxon';
import type { MailMessage } from '../mailer';
import { composeEmail as compose, escapeHtml, p } from './html';

/** What a booking message says; built from the booking by the sender. */
export interface BookingMessageData {
  reference: string;
  startsAt: Date;
  procedureTitle: string;
  placeName: string;
  placeAddress: string;
  placePhone: string | null;
  checklist: { label: string; condition?: string | null; maxAgeDays?: number | null }[];
  /** Where the person sees and cancels their bookings. */
  bookingsUrl: string;
  /** Until how long before the start the person may cancel online, in minutes. */
  cancellationDeadlineMinutes: number;
  cancelReason?: string | null;
}

/** 'lundi 7 décembre 2026 à 9 h 00', in Paris time whatever the server's zone. */
export function frenchDateTime(instant: Date): string {
  const local = DateTime.fromJSDate(instant, { zone: 'Europe/Paris' }).setLocale('fr');
  return `${local.toFormat('cccc d LLLL yyyy')} à ${local.toFormat("H 'h' mm")}`;
}

function deadlineText(minutes: number): string {
  if (minutes % 60 !== 0) return `${minutes} minutes`;
  const hours = minutes / 60;
  return hours === 1 ? '1 heure' : `${hours} heures`;
}

function documentLine(document: BookingMessageData['checklist'][number]): string {
  const details = [document.condition, document.maxAgeDays ? `de moins de ${document.maxAgeDays} jours` : null].filter(Boolean);
  return details.length > 0 ? `${document.label} (${details.join(', ')})` : document.label;
}

function whereAndWhen(data: BookingMessageData): { text: string[]; html: string[] } {
  const when = frenchDateTime(data.startsAt);
  return {
    text: [`Quand : ${when}`, `Où : ${data.placeName}, ${data.placeAddress}`, `Pour : ${data.procedureTitle}`, `Référence : ${data.reference}`],
    html: [
      p(`<strong>Quand :</strong> ${escapeHtml(when)}`),
      p(`<strong>Où :</strong> ${escapeHtml(data.placeName)}<br>${escapeHtml(data.placeAddress)}`),
      p(`<strong>Pour :</strong> ${escapeHtml(data.procedureTitle)}`),
      p(`<strong>Référence :</strong> <span style="font-size:24px;letter-spacing:2px;">${escapeHtml(data.reference)}</span>`),
    ],
  };
}

function checklist(data: BookingMessageData): { text: string[]; html: string[] } {
  if (data.checklist.length === 0) return { text: [], html: [] };
  return {
    text: ['', 'À apporter :', ...data.checklist.map((document) => `- ${documentLine(document)}`)],
    html: [
      `<h2 style="font-size:22px;margin:24px 0 12px 0;">À apporter</h2>`,
      `<ul style="margin:0 0 16px 0;padding-left:24px;">${data.checklist.map((document) => `<li>${escapeHtml(documentLine(document))}</li>`).join('')}</ul>`,
    ],
  };
}

function howToCancel(data: BookingMessageData): { text: string[]; html: string[] } {
  const deadline = deadlineText(data.cancellationDeadlineMinutes);
  const phone = data.placePhone ? ` ou appelez le ${data.placePhone}` : '';
  return {
    text: ['', 'Vous ne pouvez pas venir ?', `Annulez jusqu’à ${deadline} avant le rendez-vous sur ${data.bookingsUrl}${phone}.`],
    html: [
      p(
        `<strong>Vous ne pouvez pas venir ?</strong><br>Annulez jusqu’à ${escapeHtml(deadline)} avant le rendez-vous sur ` +
          `<a href="${escapeHtml(data.bookingsUrl)}">${escapeHtml(data.bookingsUrl)}</a>${escapeHtml(phone)}.`,
      ),
    ],
  };
}

export function renderBookingConfirmation(data: BookingMessageData): Omit<MailMessage, 'to'> {
  return compose(`Rendez-vous confirmé – ${data.reference}`, 'Votre rendez-vous est confirmé.', [
    whereAndWhen(data),
    checklist(data),
    howToCancel(data),
  ]);
}

export function renderBookingReminder(data: BookingMessageData): Omit<MailMessage, 'to'> {
  return compose(`Rappel : rendez-vous demain – ${data.reference}`, 'Nous vous rappelons votre rendez-vous.', [
    whereAndWhen(data),
    checklist(data),
    howToCancel(data),
  ]);
}

export function renderBookingCancelled(data: BookingMessageData): Omit<MailMessage, 'to'> {
  const reason = data.cancelReason ? { text: [`Raison : ${data.cancelReason}`], html: [p(`<strong>Raison :</strong> ${escapeHtml(data.cancelReason)}`)] } : { text: [], html: [] };
  return compose(`Rendez-vous annulé – ${data.reference}`, 'Ce rendez-vous est annulé.', [whereAndWhen(data), reason]);
}

/** The SMS versions: one short message, reference first. */
export function bookingSms(kind: 'confirmation' | 'reminder' | 'cancelled', data: BookingMessageData): string {
  const when = frenchDateTime(data.startsAt);
  const head = { confirmation: 'RDV confirmé', reminder: 'Rappel RDV', cancelled: 'RDV annulé' }[kind];
  const bring = kind !== 'cancelled' && data.checklist.length > 0 ? ` À apporter : ${data.checklist.map((document) => document.label).join(' ; ')}.` : '';
  return `Passerelle – ${head} ${data.reference} : ${when}, ${data.placeName}, ${data.placeAddress}.${bring}`;
}
