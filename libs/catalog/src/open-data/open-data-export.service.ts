import { Readable } from 'node:stream';
import { Injectable } from '@nestjs/common';
import { csvHeader, csvRows } from './csv-codec';
import { OpenDataRepository } from './open-data.repository';

const PAGE = 2_000;

/** The recommended name: `YYYY-MM-DD_<SIRET|RNA>_lieux-de-mediation-numerique_<Territoire>.csv`. */
export const OPEN_DATA_PRODUCER = 'passerelle';

export function exportFileName(today: Date = new Date()): string {
  return `${today.toISOString().slice(0, 10)}_${OPEN_DATA_PRODUCER}_lieux-de-mediation-numerique_France.csv`;
}

/** Every place in the national standard (v1.0.2), streamed page by page (keyset on the place id). */
@Injectable()
export class OpenDataExportService {
  constructor(private readonly repository: OpenDataRepository) {}

  stream(): Readable {
    const repository = this.repository;
    async function* chunks(): AsyncGenerator<string> {
      yield csvHeader();
      let after: string | null = null;
      for (;;) {
        const page = await repository.exportPage(after, PAGE);
        if (page.length === 0) return;
        yield csvRows(page.map((row) => row.record));
        after = page[page.length - 1]!.id;
        if (page.length < PAGE) return;
      }
    }
    return Readable.from(chunks());
  }

  async toString(): Promise<string> {
    const parts: string[] = [];
    for await (const chunk of this.stream()) parts.push(chunk as string);
    return parts.join('');
  }
}
