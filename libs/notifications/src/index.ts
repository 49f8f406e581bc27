export { BookingNotificationsService, type BookingNotificationKind, type BookingNotificationOutcome } from './booking-notifications.service';
export { Mailer, type MailMessage, type SendOptions } from './mailer';
export type { NotificationChannel, NotificationStatus } from './notification-log.entity';
export { NotificationsModule } from './notifications.module';
export {
  OFFERS_SUSPENDED_TEMPLATE,
  OfferSuspensionNotificationsService,
  type OfferSuspensionOutcome,
} from './offer-suspension-notifications.service';
export { OFFERS_SUSPENDED_SUBJECT, renderOffersSuspended, type OffersSuspendedData } from './templates/offers-suspended-email';
export { SmtpMailer } from './smtp-mailer';
export { LogSmsSender, SmsSender, type SmsMessage } from './sms';
export {
  bookingSms,
  frenchDateTime,
  renderBookingCancelled,
  renderBookingConfirmation,
  renderBookingReminder,
  type BookingMessageData,
} from './templates/booking-emails';
export { WELCOME_EMAIL_SUBJECT, renderWelcomeEmail, type WelcomeEmailData } from './templates/welcome-email';
export { escapeHtml } from './templates/html';
export {
  WELCOME_EMAIL_TEMPLATE,
  WelcomeEmailService,
  welcomeEmailDedupKey,
  type WelcomeEmailOutcome,
} from './welcome-email.service';
