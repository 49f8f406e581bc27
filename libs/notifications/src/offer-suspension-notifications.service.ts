import { Injectable, Logger } from '@nestjs/common';
import { OfferSuspensionNotices, type SuspensionEvent, type SuspensionNotice } from '@passerelle/catalog';
import { AppConfig } from '@passerelle/config';
import { UserDirectory } from '@passerelle/identity';
import { DeliverOnce, describeError } from './deliver-once';
import { Mailer, type SendOptions } from './mailer';
import { renderOffersSuspended } from './templates/offers-suspended-email';

export const OFFERS_SUSPENDED_TEMPLATE = 'offers-suspended-over-cap';

export type OfferSuspensionOutcome = 'done' | 'skipped';

interface Recipient {
  address: string;
  userId: string | null;
  /** Stable part of the dedup key. */
  who: string;
}

/**
 * Tells a structure that offers of its were suspended over a cap: one email per recipient and event,
 * sent once (notification_log), re-read when sent. Recipients are the structure's active members;
 * a structure without any (imported from open data) is written to at its places' contact addresses.
 * Nothing is sent when no offer of the event is still suspended (the mediator already fixed them).
 */
@Injectable()
export class OfferSuspensionNotificationsService {
  private readonly logger = new Logger(OfferSuspensionNotificationsService.name);

  constructor(
    private readonly notices: OfferSuspensionNotices,
    private readonly users: UserDirectory,
    private readonly deliverOnce: DeliverOnce,
    private readonly mailer: Mailer,
    private readonly config: AppConfig,
  ) {}

  async send(event: SuspensionEvent, structureId: string, options: SendOptions = {}): Promise<OfferSuspensionOutcome> {
    const notice = await this.notices.find(event, structureId);
    if (!notice || notice.offers.length === 0) return 'skipped';
    const message = renderOffersSuspended({ notice, offersUrl: new URL('/offres', this.config.http.publicBaseUrl).toString() });
    const eventKey = 'capHistoryId' in event ? `cap:${event.capHistoryId}` : `place-move:${event.placeMoveId}`;
    const failures: unknown[] = [];
    for (const recipient of await this.recipients(notice)) {
      try {
        await this.deliverOnce.run(
          {
            dedupKey: `${OFFERS_SUSPENDED_TEMPLATE}:${eventKey}:${structureId}:email:${recipient.who}`,
            channel: 'email',
            template: OFFERS_SUSPENDED_TEMPLATE,
            recipientUserId: recipient.userId,
          },
          () => this.mailer.send({ to: recipient.address, ...message }, options),
        );
      } catch (error) {
        this.logger.warn({ structureId, eventKey, reason: describeError(error) }, 'offer suspension notice not sent; will retry');
        failures.push(error);
      }
    }
    if (failures.length > 0) throw failures[0];
    return 'done';
  }

  private async recipients(notice: SuspensionNotice): Promise<Recipient[]> {
    const members = await this.users.membersOf(notice.structureId);
    if (members.length > 0) return members.map((member) => ({ address: member.email, userId: member.userId, who: member.userId }));
    const addresses = [...new Set(notice.offers.flatMap((offer) => offer.placeEmails.map((email) => email.toLowerCase())))].sort();
    return addresses.map((address) => ({ address, userId: null, who: `place:${address}` }));
  }
}
