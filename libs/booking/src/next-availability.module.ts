import { Module } from '@nestjs/common';
import { NextAvailabilityRepository } from './next-availability.repository';
import { NextAvailabilityService } from './next-availability.service';

/** Earliest free slots for other contexts (catalog search), without the rest of booking's providers. */
@Module({
  providers: [NextAvailabilityRepository, NextAvailabilityService],
  exports: [NextAvailabilityService],
})
export class NextAvailabilityModule {}
