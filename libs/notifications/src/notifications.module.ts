import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IdentityModule } from '@passerelle/identity';
import { Mailer } from './mailer';
import { NotificationLogEntity } from './notification-log.entity';
import { NotificationLogRepository } from './notification-log.repository';
import { SmtpMailer } from './smtp-mailer';
import { WelcomeEmailService } from './welcome-email.service';

/** Notification senders (the worker's processors call them). Needs ConfigModule and DatabaseModule. */
@Module({
  imports: [TypeOrmModule.forFeature([NotificationLogEntity]), IdentityModule],
  providers: [NotificationLogRepository, { provide: Mailer, useClass: SmtpMailer }, WelcomeEmailService],
  exports: [WelcomeEmailService],
})
export class NotificationsModule {}
