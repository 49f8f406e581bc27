import { Injectable } from '@nestjs/common';
import { isUuid } from '@passerelle/common';
import type { EntityManager } from 'typeorm';
import type { CredentialKind, Modality } from './structure.entities';
import { CredentialRepository, PlaceRepository, StructureRepository } from './structure.repositories';

export interface PlaceSummary {
  id: string;
  structureId: string;
  name: string;
  postcode: string;
  commune: string;
  inseeCode: string | null;
  departement: string;
  latitude: number | null;
  longitude: number | null;
  openingHours: string | null;
  modalities: Modality[];
}

export interface StructureSummary {
  id: string;
  name: string;
  siret: string | null;
  rna: string | null;
}

/** What other contexts (offers, search, booking…) read about structures and places; no access checks. */
@Injectable()
export class StructureDirectory {
  constructor(
    private readonly structures: StructureRepository,
    private readonly places: PlaceRepository,
    private readonly credentials: CredentialRepository,
  ) {}

  async findStructure(structureId: string): Promise<StructureSummary | null> {
    if (!isUuid(structureId)) return null;
    const structure = await this.structures.findById(structureId);
    return structure ? { id: structure.id, name: structure.name, siret: structure.siret, rna: structure.rna } : null;
  }

  /** The names of these structures (unknown ids are left out), read in the caller's transaction when given. */
  async structureNames(structureIds: string[], manager?: EntityManager): Promise<Map<string, string>> {
    const structures = await this.structures.findByIds(structureIds.filter(isUuid), manager);
    return new Map(structures.map((structure) => [structure.id, structure.name]));
  }

  async findPlace(placeId: string): Promise<PlaceSummary | null> {
    if (!isUuid(placeId)) return null;
    const place = await this.places.findById(placeId);
    if (!place) return null;
    return {
      id: place.id,
      structureId: place.structureId,
      name: place.name,
      postcode: place.postcode,
      commune: place.commune,
      inseeCode: place.inseeCode,
      departement: place.departement,
      latitude: place.latitude,
      longitude: place.longitude,
      openingHours: place.openingHours,
      modalities: place.modalities,
    };
  }

  /**
   * Whether the structure holds a credential that counts today: verified and not expired
   * (SQL: `activeCredentialSql(alias)`), optionally of one of these kinds.
   */
  hasActiveCredential(structureId: string, kinds?: readonly CredentialKind[]): Promise<boolean> {
    if (!isUuid(structureId)) return Promise.resolve(false);
    return this.credentials.hasActive(structureId, kinds);
  }
}
