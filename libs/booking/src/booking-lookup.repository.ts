import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';

export interface BookingForRedemptionRow {
  id: string;
  structure_id: string;
  place_id: string;
  procedure_code: string;
  category_code: string;
  departement: string;
  status: string;
  starts_at: Date;
  completed_at: Date | null;
  beneficiary_user_id: string | null;
}

@Injectable()
export class BookingLookupRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findForRedemption(bookingId: string, manager?: EntityManager): Promise<BookingForRedemptionRow | null> {
    const rows: BookingForRedemptionRow[] = await (manager ?? this.dataSource.manager).query(
      `SELECT b.id, b.structure_id, b.place_id, b.procedure_code, pr.category_code, p.departement, b.status,
              b.starts_at, b.completed_at, b.beneficiary_user_id
         FROM bookings b
         JOIN places p ON p.id = b.place_id
         JOIN procedures pr ON pr.code = b.procedure_code
        WHERE b.id = $1`,
      [bookingId],
    );
    return rows[0] ?? null;
  }
}
