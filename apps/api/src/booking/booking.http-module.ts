import { Module } from '@nestjs/common';
import { BookingModule } from '@passerelle/booking';
import { AvailabilityController } from './availability.controller';
import { BookingsController } from './bookings.controller';

@Module({ imports: [BookingModule], controllers: [AvailabilityController, BookingsController] })
export class BookingHttpModule {}
