import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AuditModule } from '@passerelle/audit';
import { OutboxModule } from '@passerelle/outbox';
import { CatalogProceduresModule } from '../procedures';
import { OfferEntity, PriceCapEntity, PriceCapHistoryEntity } from './offer.entities';
import { OfferRepository, PriceCapRepository } from './offer.repositories';
import { OfferPlaceRules } from './offer-place-rules.service';
import { OfferService } from './offer.service';
import { OfferSuspensionNotices } from './offer-suspension-notices.service';
import { OfferSuspensionRepository } from './offer-suspensions.repository';
import { PriceCapService } from './price-cap.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([OfferEntity, PriceCapEntity, PriceCapHistoryEntity]),
    CatalogProceduresModule,
    AuditModule,
    OutboxModule,
  ],
  providers: [OfferRepository, PriceCapRepository, OfferSuspensionRepository, OfferService, PriceCapService, OfferPlaceRules, OfferSuspensionNotices],
  exports: [OfferService, PriceCapService, OfferPlaceRules, OfferSuspensionNotices],
})
export class CatalogOffersModule {}
