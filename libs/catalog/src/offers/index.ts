export { CatalogOffersModule } from './catalog-offers.module';
export { OFFERS_SUSPENDED_OVER_CAP_JOB, type OffersSuspendedOverCapJob, type SuspensionEvent } from './offer-jobs';
export { OfferPlaceRules, type PlaceMove, type PlaceMoveOutcome } from './offer-place-rules.service';
export { OfferSuspensionNotices, type SuspensionCause, type SuspensionNotice } from './offer-suspension-notices.service';
export type { SuspendedOfferRow } from './offer-suspensions.repository';
export {
  OFFER_MODALITIES,
  OFFER_STATUSES,
  PRICING_KINDS,
  type OfferModality,
  type OfferStatus,
  type PricingKind,
} from './offer.entities';
export { OfferService, type NewOffer, type OfferPatch, type OfferPricing, type OfferView } from './offer.service';
export {
  PriceCapService,
  RAISED_CAP_NOTICE,
  type NewPriceCap,
  type PriceCapChange,
  type PriceCapHistoryView,
  type PriceCapView,
} from './price-cap.service';
