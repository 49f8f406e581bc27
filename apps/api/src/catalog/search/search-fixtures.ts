import type { DataSource } from 'typeorm';
import { createCredential, createOffer, createPlace, createStructure, createUser } from '@passerelle/testing';

type PlaceOptions = Parameters<typeof createPlace>[2];
type OfferOptions = Parameters<typeof createOffer>[2];

/** Builds search fixtures: structures with or without an active credential, places, offers. */
export class SearchFixtures {
  private adminId?: string;

  constructor(private readonly dataSource: DataSource) {}

  private async admin(): Promise<string> {
    this.adminId ??= (await createUser(this.dataSource, { role: 'admin' })).id;
    return this.adminId;
  }

  /** A structure whose offers are visible (a verified credential, no expiry unless given). */
  async structure(
    name = 'Espace numérique',
    credentials: { kind?: string; status?: 'pending' | 'verified'; expiresOn?: string | null }[] = [{}],
  ): Promise<{ id: string; name: string }> {
    const structure = await createStructure(this.dataSource, { name });
    for (const credential of credentials) await createCredential(this.dataSource, structure.id, await this.admin(), credential);
    return structure;
  }

  /** A place of `structureId` with one offer per entry of `offers`. */
  async placeWithOffers(structureId: string, place: PlaceOptions, offers: OfferOptions[] = [{}]) {
    const row = await createPlace(this.dataSource, structureId, place);
    const created = [];
    for (const offer of offers) created.push(await createOffer(this.dataSource, row, offer));
    return { place: row, offers: created };
  }

  setOfferStatus(offerId: string, status: 'active' | 'paused' | 'suspended_over_cap'): Promise<unknown> {
    return this.dataSource.query('UPDATE offers SET status = $2 WHERE id = $1', [offerId, status]);
  }

  /** An admin's decision on a credential, as the credential service writes it. */
  async decideCredential(credentialId: string, status: 'verified' | 'revoked', manager: Pick<DataSource, 'query'> = this.dataSource) {
    const adminId = await this.admin();
    return manager.query(
      `UPDATE credentials SET status = $2, decided_by = $3, decided_at = now(),
              decision_reason = CASE WHEN $2 = 'revoked' THEN 'test' END
        WHERE id = $1`,
      [credentialId, status, adminId],
    );
  }
}

/** Kilometres north of a point, as a latitude offset (1° of latitude ≈ 111.2 km). */
export const northOf = (lat: number, km: number): number => lat + km / 111.2;
