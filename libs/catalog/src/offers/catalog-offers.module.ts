import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { OutboxModule } from '@passerelle/outbox';
import { CatalogProceduresModule } from '../procedures';
import { OfferEntity, PriceCapEntity, PriceCapHistoryEntity } from './offer.entities';
import { OfferRepository, PriceCapRepository } from './offer.repositories';
import { OfferService } from './offer.service';
import { PriceCapService } from './price-cap.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([OfferEntity, PriceCapEntity, PriceCapHistoryEntity]),
    CatalogProceduresModule,
    AuditModule,
    OutboxModule,
  ],
  providers: [OfferRepository, PriceCapRepository, OfferService, PriceCapService],
  exports: [OfferService, PriceCapService],
})
export class CatalogOffersModule {}
