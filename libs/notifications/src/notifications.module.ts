import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BookingModule } from '@passerelle/booking';
import { CatalogOffersModule } from '@passerelle/catalog';
import { IdentityModule } from '@passerelle/identity';
import { BookingNotificationsService } from './booking-notifications.service';
import { DeliverOnce } from './deliver-once';
import { Mailer } from './mailer';
import { NotificationLogEntity } from './notification-log.entity';
import { NotificationLogRepository } from './notification-log.repository';
import { OfferSuspensionNotificationsService } from './offer-suspension-notifications.service';
import { LogSmsSender, SmsSender } from './sms';
import { SmtpMailer } from './smtp-mailer';
import { WelcomeEmailService } from './welcome-email.service';

/** Notification senders (the worker's processors call them). Needs ConfigModule and DatabaseModule. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationLogEntity]), IdentityModule, BookingModule, CatalogOffersModule],
  providers: [
    NotificationLogRepository,
    { provide: Mailer, useClass: SmtpMailer },
    { provide: SmsSender, useClass: LogSmsSender },
    DeliverOnce,
    WelcomeEmailService,
    BookingNotificationsService,
    OfferSuspensionNotificationsService,
  ],
  exports: [WelcomeEmailService, BookingNotificationsService, OfferSuspensionNotificationsService],
})
export class NotificationsModule {}
