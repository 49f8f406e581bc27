import { Injectable } from '@nestjs/common';
import { hasRole, isMemberOf, type Actor } from '@passerelle/identity';
import type { EntityManager } from 'typeorm';
import { isUuid } from '@passerelle/common';
import type { PlaceEntity } from './structure.entities';
import { PlaceRepository, StructureRepository } from './structure.repositories';
import { placeNotFound, structureNotFound } from './structures.errors';

/**
 * Object-level access to structures and their places, for this context and others (offers…).
 * Whoever may not see a structure gets the same 404 as for one that does not exist: no leak.
 */
@Injectable()
export class StructureAccess {
  constructor(
    private readonly structures: StructureRepository,
    private readonly places: PlaceRepository,
  ) {}

  /** The caller is a member of this existing structure, or STRUCTURE_NOT_FOUND. */
  async assertMember(actor: Actor, structureId: string, manager?: EntityManager): Promise<void> {
    if (!isUuid(structureId) || !isMemberOf(actor, structureId)) throw structureNotFound();
    if (!(await this.structures.exists(structureId, manager))) throw structureNotFound();
  }

  /** Members and admins may read a structure (its places, its credentials); others get STRUCTURE_NOT_FOUND. */
  async assertCanRead(actor: Actor, structureId: string): Promise<void> {
    if (!hasRole(actor, 'admin')) return this.assertMember(actor, structureId);
    if (!isUuid(structureId) || !(await this.structures.exists(structureId))) throw structureNotFound();
  }

  /** The place, when the caller is a member of its structure; PLACE_NOT_FOUND otherwise. */
  async placeOfMember(actor: Actor, placeId: string, manager?: EntityManager): Promise<PlaceEntity> {
    if (!isUuid(placeId)) throw placeNotFound();
    const place = manager ? await this.places.lockById(placeId, manager) : await this.places.findById(placeId);
    if (!place || !isMemberOf(actor, place.structureId)) throw placeNotFound();
    return place;
  }

  /** The place, when the caller is a member of its structure or an admin; PLACE_NOT_FOUND otherwise. */
  async placeForReader(actor: Actor, placeId: string): Promise<PlaceEntity> {
    if (!isUuid(placeId)) throw placeNotFound();
    const place = await this.places.findById(placeId);
    if (!place || !(hasRole(actor, 'admin') || isMemberOf(actor, place.structureId))) throw placeNotFound();
    return place;
  }

  /** For other contexts: the place's structure and département, when the caller is a member of it. */
  async assertPlaceMember(actor: Actor, placeId: string): Promise<{ placeId: string; structureId: string; departement: string }> {
    const place = await this.placeOfMember(actor, placeId);
    return { placeId: place.id, structureId: place.structureId, departement: place.departement };
  }
}
