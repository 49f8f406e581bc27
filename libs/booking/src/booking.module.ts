import { Module } from '@nestjs/common';
import { BookingLookupRepository } from './booking-lookup.repository';
import { BookingLookupService } from './booking-lookup.service';

@Module({
  providers: [BookingLookupRepository, BookingLookupService],
  exports: [BookingLookupService],
})
export class BookingModule {}
