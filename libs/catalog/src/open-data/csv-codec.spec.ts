import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parsePlacesCsv, writePlacesCsv } from './csv-codec';
import { STANDARD_COLUMNS } from './standard';

const fixture = (name: string) => readFileSync(join(__dirname, 'fixtures', name));

describe('open-data CSV codec', () => {
  it('reads the official example file of the standard', () => {
    const { records, errors } = parsePlacesCsv(fixture('exemple-valide.csv'));
    expect(errors).toEqual([]);
    expect(records).toHaveLength(1);
    expect(records[0]).toMatchObject({
      open_data_id: 'structure-1',
      pivot: '43493312300029',
      pivot_kind: 'siret',
      postcode: '51100',
      insee_code: '51454',
      departement: '51',
      latitude: 43.52609,
      typologies: ['TIERS_LIEUX', 'ASSO'],
      phone: '+33180059880',
      emails: ['contact@laquincaillerie.tl', 'responsable@laquincaillerie.tl'],
      services: ['Maîtrise des outils numériques du quotidien', 'Insertion professionnelle via le numérique', 'Loisirs et créations numériques'],
      support_modes: ['Dans un atelier collectif', 'À distance', 'En autonomie', 'Accompagnement individuel'],
      updated_on: '2024-04-02',
      other_labels: ['Label et la bête'],
    });
  });

  it('reports every bad row with its line and column', () => {
    const { errors } = parsePlacesCsv(fixture('malformed.csv'));
    expect(errors).toEqual([
      { line: 3, column: 'pivot', message: expect.stringContaining('neither a SIRET') },
      { line: 4, column: 'code_postal', message: expect.stringContaining('"5110"') },
      { line: 5, column: 'services', message: 'Unknown value "Réparer des vélos".' },
    ]);
  });

  it('normalises a legacy file: BOM, curly apostrophes, v0.1 values, RNA pivot, national phone format', () => {
    const { records, errors } = parsePlacesCsv(fixture('legacy-v0.csv'));
    expect(errors).toEqual([]);
    expect(records[0]).toMatchObject({
      open_data_id: 'legacy-1',
      pivot: 'W751234567',
      pivot_kind: 'rna',
      name: "L'Atelier numérique",
      departement: '2A',
      phone: '+33180059880',
      services: ['Aide aux démarches administratives', 'Accès internet et matériel informatique'],
      access_modes: ["Ce lieu n'accueille pas de public"],
      support_modes: ['Accompagnement individuel', 'En autonomie'],
      national_programmes: ["Point d'accès numérique CAF"],
      training_labels: ['Étapes numériques (La Poste)'],
    });
  });

  it('checks required fields, coordinates, dates, opening hours and duplicate ids', () => {
    const header = STANDARD_COLUMNS.join(',');
    const line = (values: Partial<Record<(typeof STANDARD_COLUMNS)[number], string>>) =>
      STANDARD_COLUMNS.map((column) => JSON.stringify(values[column] ?? '')).join(',');
    const base = { id: 'a', pivot: '43493312300029', nom: 'Lieu', commune: 'Reims', code_postal: '51100', adresse: '1 rue X', date_maj: '2024-01-31' };
    const file = [
      header,
      line(base),
      line({ ...base, id: 'a' }),
      line({ ...base, id: 'b', nom: '', latitude: '95', longitude: '4' }),
      line({ ...base, id: 'c', date_maj: '2024-02-30', horaires: 'sometimes', latitude: '49' }),
    ].join('\n');
    const { errors, records } = parsePlacesCsv(file);
    expect(records).toHaveLength(1);
    expect(errors.map((error) => [error.line, error.column])).toEqual([
      [3, 'id'],
      [4, 'nom'],
      [4, 'latitude'],
      [5, 'longitude'],
      [5, 'date_maj'],
      [5, 'horaires'],
    ]);
  });

  it('writes the 32 standard columns in order and reads its own output back unchanged', () => {
    const { records } = parsePlacesCsv(Buffer.concat([fixture('exemple-valide.csv')]));
    const legacy = parsePlacesCsv(fixture('legacy-v0.csv')).records;
    const written = writePlacesCsv([...records, ...legacy]);
    const [header] = parse(written) as string[][];
    expect(header).toEqual([...STANDARD_COLUMNS]);
    expect(written).toContain('Étapes numériques(La Poste)');
    expect(parsePlacesCsv(written)).toEqual({ records: [...records, ...legacy], lines: [2, 3], errors: [] });
  });
});
