import { Injectable } from '@nestjs/common';
import { AuditService } from '@passerelle/audit';
import { TransactionRunner } from '@passerelle/database';
import type { Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { OfferPlaceRules } from '../offers';
import type { Modality, PlaceEntity } from './structure.entities';
import { PlaceRepository } from './structure.repositories';
import { StructureAccess } from './structure-access.service';
import { checkOpeningHours, requireDepartement } from './structure-rules';
import { departementOfCommune, departementOfPostcode } from './identifiers';
import { invalidCoordinates, postcodeInseeMismatch } from './structures.errors';

/** A place as a member writes it; formats are checked by the API's DTOs, rules here. */
export interface NewPlace {
  name: string;
  address: string;
  addressComplement?: string | null;
  postcode: string;
  commune: string;
  inseeCode?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  openingHours?: string | null;
  accessibilityNotes?: string | null;
  modalities: Modality[];
  phone?: string | null;
  emails?: string[];
  websites?: string[];
  summary?: string | null;
  description?: string | null;
  accessibilityUrl?: string | null;
  bookingUrl?: string | null;
}

/** Fields left undefined are unchanged; null clears an optional field. */
export type PlacePatch = Partial<NewPlace>;

export interface PlaceView {
  id: string;
  structureId: string;
  name: string;
  address: string;
  addressComplement: string | null;
  postcode: string;
  commune: string;
  inseeCode: string | null;
  departement: string;
  latitude: number | null;
  longitude: number | null;
  openingHours: string | null;
  accessibilityNotes: string | null;
  modalities: Modality[];
  phone: string | null;
  emails: string[];
  websites: string[];
  summary: string | null;
  description: string | null;
  accessibilityUrl: string | null;
  bookingUrl: string | null;
  updatedOn: string;
  createdAt: string;
  updatedAt: string;
}

const WRITABLE: (keyof NewPlace)[] = [
  'name',
  'address',
  'addressComplement',
  'postcode',
  'commune',
  'inseeCode',
  'latitude',
  'longitude',
  'openingHours',
  'accessibilityNotes',
  'modalities',
  'phone',
  'emails',
  'websites',
  'summary',
  'description',
  'accessibilityUrl',
  'bookingUrl',
];

/** Places of a structure: only its members create and change them; members and admins read them. */
@Injectable()
export class PlaceService {
  constructor(
    private readonly places: PlaceRepository,
    private readonly access: StructureAccess,
    private readonly transactions: TransactionRunner,
    private readonly audit: AuditService,
    private readonly offerRules: OfferPlaceRules,
  ) {}

  async create(actor: Actor, structureId: string, input: NewPlace): Promise<PlaceView> {
    return this.transactions.run(async (tx) => {
      await this.access.assertMember(actor, structureId, tx);
      const place = this.places.build({ structureId, emails: [], websites: [] }, tx);
      applyPatch(place, input);
      const saved = await this.places.save(place, tx);
      await this.audit.record(actor, { action: 'place.created', objectType: 'place', objectId: saved.id, details: { structureId } }, tx);
      return toPlaceView(saved);
    });
  }

  async list(actor: Actor, structureId: string): Promise<PlaceView[]> {
    await this.access.assertCanRead(actor, structureId);
    return (await this.places.listForStructure(structureId)).map(toPlaceView);
  }

  async get(actor: Actor, placeId: string): Promise<PlaceView> {
    return toPlaceView(await this.access.placeForReader(actor, placeId));
  }

  /**
   * A member's edit. Dropping a modality that offers use is MODALITY_IN_USE; a change of
   * département (postcode, INSEE code) suspends the commercial offers above the cap in force in the
   * new one, as a lowered cap does, and the structure is told.
   */
  async update(actor: Actor, placeId: string, patch: PlacePatch): Promise<PlaceView> {
    for (let attempt = 1; attempt <= 5; attempt++) {
      const view = await this.transactions.run((tx) => this.applyUpdate(actor, placeId, patch, tx));
      if (view !== null) return view;
    }
    throw new Error(`place ${placeId}: its offers kept changing while it moved`);
  }

  /** Null when offers reached the place during a move (their caps not locked): the caller runs it again. */
  private async applyUpdate(actor: Actor, placeId: string, patch: PlacePatch, tx: EntityManager): Promise<PlaceView | null> {
    // A move takes its offers' cap locks and rows before the place's row (see OfferPlaceRules):
    // find out from an unlocked read whether this patch moves the place.
    const preview = { ...(await this.access.placeOfMember(actor, placeId)) } as PlaceEntity;
    const previewDepartement = preview.departement;
    applyPatch(preview, patch);
    const lockedProcedures = preview.departement !== previewDepartement ? await this.offerRules.lockForMove(placeId, tx) : null;

    const place = await this.access.placeOfMember(actor, placeId, tx);
    const before = { ...place };
    applyPatch(place, patch);
    const moved = before.departement !== place.departement;
    const changed = WRITABLE.filter((field) => JSON.stringify(before[field]) !== JSON.stringify(place[field]));
    if (moved) changed.push('departement' as keyof NewPlace);
    if (changed.length === 0) return toPlaceView(place);
    if (moved && lockedProcedures === null) return null;
    if (changed.includes('modalities')) await this.offerRules.assertModalitiesCoverOffers(place.id, place.modalities, tx);
    await this.places.save(place, tx);
    await this.places.touchUpdatedOn(place.id, tx);

    let suspendedOfferIds: string[] = [];
    if (moved) {
      const move = { placeId: place.id, structureId: place.structureId, oldDepartement: before.departement, newDepartement: place.departement };
      const outcome = await this.offerRules.afterMove(actor, move, lockedProcedures!, tx);
      if (outcome === null) return null;
      suspendedOfferIds = outcome.suspendedOfferIds;
    }
    await this.audit.record(
      actor,
      {
        action: 'place.updated',
        objectType: 'place',
        objectId: place.id,
        details: { structureId: place.structureId, fields: changed, ...(moved && { suspendedOfferIds }) },
      },
      tx,
    );
    return toPlaceView((await this.places.findById(place.id, tx))!);
  }
}

/** Applies the given fields, then checks the rules that span fields and derives the département. */
function applyPatch(place: PlaceEntity, patch: PlacePatch): void {
  const trimmedOrNull = (value: string | null | undefined) => (value == null || value.trim() === '' ? null : value.trim());
  if (patch.name !== undefined) place.name = patch.name.trim();
  if (patch.address !== undefined) place.address = patch.address.trim();
  if (patch.addressComplement !== undefined) place.addressComplement = trimmedOrNull(patch.addressComplement);
  const previous = { postcode: place.postcode, inseeCode: place.inseeCode ?? null };
  if (patch.postcode !== undefined) place.postcode = patch.postcode;
  if (patch.commune !== undefined) place.commune = patch.commune.trim();
  if (patch.inseeCode !== undefined) place.inseeCode = patch.inseeCode?.toUpperCase() ?? null;
  if (patch.latitude !== undefined) place.latitude = patch.latitude;
  if (patch.longitude !== undefined) place.longitude = patch.longitude;
  if (patch.openingHours !== undefined) place.openingHours = checkOpeningHours(patch.openingHours);
  if (patch.accessibilityNotes !== undefined) place.accessibilityNotes = trimmedOrNull(patch.accessibilityNotes);
  if (patch.modalities !== undefined) place.modalities = [...new Set(patch.modalities)];
  if (patch.phone !== undefined) place.phone = trimmedOrNull(patch.phone);
  if (patch.emails !== undefined) place.emails = [...new Set(patch.emails.map((email) => email.trim()))];
  if (patch.websites !== undefined) place.websites = [...new Set(patch.websites.map((url) => url.trim()))];
  if (patch.summary !== undefined) place.summary = trimmedOrNull(patch.summary);
  if (patch.description !== undefined) place.description = trimmedOrNull(patch.description);
  if (patch.accessibilityUrl !== undefined) place.accessibilityUrl = trimmedOrNull(patch.accessibilityUrl);
  if (patch.bookingUrl !== undefined) place.bookingUrl = trimmedOrNull(patch.bookingUrl);

  place.latitude ??= null;
  place.longitude ??= null;
  if ((place.latitude === null) !== (place.longitude === null)) throw invalidCoordinates();
  checkLocationPatch(previous, place, patch);
  place.departement = requireDepartement(place.postcode, place.inseeCode ?? null);
}

/**
 * A patch that changes only one of postcode and INSEE code while the place has both, leaving them in
 * two départements, is a move half done (the INSEE code would silently keep the old département):
 * POSTCODE_INSEE_MISMATCH. Given together, both are trusted (a few communes are served from a
 * neighbouring département's post office).
 */
function checkLocationPatch(previous: { postcode: string; inseeCode: string | null }, place: PlaceEntity, patch: PlacePatch): void {
  if ((patch.postcode === undefined) === (patch.inseeCode === undefined) || !place.inseeCode) return;
  if (place.postcode === previous.postcode && place.inseeCode === previous.inseeCode) return;
  const byPostcode = departementOfPostcode(place.postcode);
  const byInsee = departementOfCommune(place.inseeCode);
  if (byPostcode !== null && byInsee !== null && byPostcode !== byInsee) throw postcodeInseeMismatch(byPostcode, byInsee);
}

export function toPlaceView(place: PlaceEntity): PlaceView {
  return {
    id: place.id,
    structureId: place.structureId,
    name: place.name,
    address: place.address,
    addressComplement: place.addressComplement ?? null,
    postcode: place.postcode,
    commune: place.commune,
    inseeCode: place.inseeCode ?? null,
    departement: place.departement,
    latitude: place.latitude ?? null,
    longitude: place.longitude ?? null,
    openingHours: place.openingHours ?? null,
    accessibilityNotes: place.accessibilityNotes ?? null,
    modalities: place.modalities,
    phone: place.phone ?? null,
    emails: place.emails,
    websites: place.websites,
    summary: place.summary ?? null,
    description: place.description ?? null,
    accessibilityUrl: place.accessibilityUrl ?? null,
    bookingUrl: place.bookingUrl ?? null,
    updatedOn: place.updatedOn,
    createdAt: place.createdAt.toISOString(),
    updatedAt: place.updatedAt.toISOString(),
  };
}
