import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export type FunderSector = 'public' | 'private';

export interface FunderRow {
  id: string;
  legal_name: string;
  siret: string;
  sector: FunderSector;
  billing_address: string;
  chorus_service_code: string | null;
  chorus_commitment_number: string | null;
  created_at: Date;
}

export interface NewFunderRow {
  id: string;
  legalName: string;
  siret: string;
  sector: FunderSector;
  billingAddress: string;
  chorusServiceCode: string | null;
  chorusCommitmentNumber: string | null;
}

@Injectable()
export class FunderRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Inserts the funder, or returns null when its SIRET is already registered (unique constraint). */
  async insertIfSiretFree(funder: NewFunderRow, manager: EntityManager): Promise<FunderRow | null> {
    const rows: FunderRow[] = await manager.query(
      `INSERT INTO funders (id, legal_name, siret, sector, billing_address, chorus_service_code, chorus_commitment_number)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (siret) DO NOTHING
       RETURNING *`,
      [
        funder.id,
        funder.legalName,
        funder.siret,
        funder.sector,
        funder.billingAddress,
        funder.chorusServiceCode,
        funder.chorusCommitmentNumber,
      ],
    );
    return rows[0] ?? null;
  }

  async findById(id: string, manager?: EntityManager): Promise<FunderRow | null> {
    const rows: FunderRow[] = await (manager ?? this.dataSource.manager).query('SELECT * FROM funders WHERE id = $1', [id]);
    return rows[0] ?? null;
  }
}
