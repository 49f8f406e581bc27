import { Module } from '@nestjs/common';
import { AuditModule } from '@passerelle/audit';
import { OutboxModule } from '@passerelle/outbox';
import { AvailabilityRepository } from './availability.repository';
import { AvailabilityService } from './availability.service';
import { BookingNoticeRepository } from './booking-notice.repository';
import { BookingNoticeService } from './booking-notice';
import { BookingLookupRepository } from './booking-lookup.repository';
import { BookingLookupService } from './booking-lookup.service';
import { BookingQueriesService } from './booking-queries.service';
import { BookingTransitionsService } from './booking-transitions.service';
import { BookingRepository } from './booking.repository';
import { BookingService } from './booking.service';

@Module({
  imports: [AuditModule, OutboxModule],
  providers: [
    BookingLookupRepository,
    BookingLookupService,
    AvailabilityRepository,
    AvailabilityService,
    BookingRepository,
    BookingService,
    BookingTransitionsService,
    BookingQueriesService,
    BookingNoticeRepository,
    BookingNoticeService,
  ],
  exports: [BookingLookupService, BookingNoticeService, AvailabilityService, BookingService, BookingTransitionsService, BookingQueriesService],
})
export class BookingModule {}
