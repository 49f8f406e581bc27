export { BookingModule } from './booking.module';
export { BookingLookupService, type BookingForRedemption, type BookingStatus } from './booking-lookup.service';
