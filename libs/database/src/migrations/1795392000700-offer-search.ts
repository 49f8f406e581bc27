import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `offer_search`: one row per active offer with what search filters and sorts on, so that a
 * search reads only candidate offers (a composite GiST index on procedure or category and the
 * earth point, scanned nearest first) instead of every place of a circle then its offers.
 *
 * Visibility depends on the date, so it is stored as dates, not as a flag: `credentials` maps each
 * verified credential kind of the structure to its latest expiry ('infinity' when none) and
 * `visible_until` is the latest of them. A search keeps rows with `visible_until >= current_date`:
 * expired credentials stop counting by date alone, without any job or write.
 *
 * PostgreSQL triggers keep the table right whatever writes the source tables (services, open-data
 * import, generator, price-cap suspensions): statement-level with transition tables, so a bulk
 * insert of 200,000 offers refreshes them in one set-based statement. Each refresh recomputes the
 * affected rows from the source tables. Under READ COMMITTED two transactions could each refresh
 * from a snapshot missing the other's change (a new offer while its place moves or its structure's
 * credential is verified). So every refresh first locks the structure rows concerned — FOR SHARE
 * from the offers trigger, FOR NO KEY UPDATE from the places and credentials triggers, always in id
 * order and only structures, so they cannot deadlock each other — and whichever transaction comes
 * second waits for the first to commit, then refreshes from a snapshot that sees it.
 */
export class OfferSearch1795392000700 implements MigrationInterface {
  name = 'OfferSearch1795392000700';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await q.query(`
      CREATE TABLE offer_search (
        offer_id uuid PRIMARY KEY,
        structure_id uuid NOT NULL,
        place_id uuid NOT NULL,
        procedure_code text NOT NULL,
        category_code text NOT NULL,
        modality text NOT NULL,
        pricing_kind text NOT NULL,
        price_cents bigint,
        latitude double precision,
        longitude double precision,
        earth earth,
        postcode char(5) NOT NULL,
        insee_code char(5),
        commune text NOT NULL,
        place_name text NOT NULL,
        credentials jsonb NOT NULL,
        visible_until date
      )`);
    await q.query('CREATE INDEX offer_search_procedure_earth_idx ON offer_search USING gist (procedure_code, earth) WHERE earth IS NOT NULL');
    await q.query('CREATE INDEX offer_search_category_earth_idx ON offer_search USING gist (category_code, earth) WHERE earth IS NOT NULL');
    await q.query('CREATE INDEX offer_search_postcode_idx ON offer_search (postcode)');
    await q.query('CREATE INDEX offer_search_insee_idx ON offer_search (insee_code)');
    await q.query('CREATE INDEX offer_search_structure_idx ON offer_search (structure_id)');
    await q.query('CREATE INDEX offer_search_place_idx ON offer_search (place_id)');

    // The one place that knows how a row is computed: refreshes the given offers (deletes the
    // rows of offers that are gone or no longer active, upserts the others). EXECUTE … USING plans
    // with the actual array, so the planner knows how many offers come (a bulk insert or a single
    // edit), and credentials are aggregated per offer (an index lookup each): a per-batch
    // aggregate joined afterwards went quadratic when a bulk load's tables had no statistics yet.
    await q.query(`
      CREATE FUNCTION offer_search_refresh(ids uuid[]) RETURNS void LANGUAGE plpgsql AS $fn$
      BEGIN
        IF cardinality(ids) = 0 THEN
          RETURN;
        END IF;
        EXECUTE $$
          DELETE FROM offer_search s
           USING unnest($1) AS changed (id)
           WHERE s.offer_id = changed.id
             AND NOT EXISTS (SELECT 1 FROM offers o WHERE o.id = changed.id AND o.status = 'active')$$ USING ids;
        EXECUTE $$
          INSERT INTO offer_search (offer_id, structure_id, place_id, procedure_code, category_code, modality,
                                    pricing_kind, price_cents, latitude, longitude, earth, postcode, insee_code,
                                    commune, place_name, credentials, visible_until)
          SELECT o.id, o.structure_id, o.place_id, o.procedure_code, pr.category_code, o.modality,
                 o.pricing_kind, o.price_cents, p.latitude, p.longitude,
                 CASE WHEN p.latitude IS NOT NULL THEN ll_to_earth(p.latitude, p.longitude) END,
                 p.postcode, p.insee_code, p.commune, p.name,
                 coalesce(v.credentials, '{}'::jsonb), v.visible_until
            FROM offers o
            JOIN places p ON p.id = o.place_id
            JOIN procedures pr ON pr.code = o.procedure_code
            CROSS JOIN LATERAL (
              SELECT jsonb_object_agg(k.kind, k.until) AS credentials, max(k.until) AS visible_until
                FROM (SELECT c.kind, max(coalesce(c.expires_on, 'infinity'::date)) AS until
                        FROM credentials c
                       WHERE c.structure_id = o.structure_id AND c.status = 'verified'
                       GROUP BY c.kind) k
            ) v
           WHERE o.id IN (SELECT unnest($1)) AND o.status = 'active'
          ON CONFLICT (offer_id) DO UPDATE SET
            structure_id = EXCLUDED.structure_id, place_id = EXCLUDED.place_id,
            procedure_code = EXCLUDED.procedure_code, category_code = EXCLUDED.category_code,
            modality = EXCLUDED.modality, pricing_kind = EXCLUDED.pricing_kind, price_cents = EXCLUDED.price_cents,
            latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude, earth = EXCLUDED.earth,
            postcode = EXCLUDED.postcode, insee_code = EXCLUDED.insee_code, commune = EXCLUDED.commune,
            place_name = EXCLUDED.place_name, credentials = EXCLUDED.credentials, visible_until = EXCLUDED.visible_until$$ USING ids;
      END $fn$`);

    await q.query(`
      CREATE FUNCTION offer_search_offers_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          DELETE FROM offer_search s USING old_offers o WHERE s.offer_id = o.id;
          RETURN NULL;
        END IF;
        PERFORM 1 FROM structures WHERE id IN (SELECT structure_id FROM new_offers) ORDER BY id FOR SHARE;
        PERFORM offer_search_refresh(ARRAY(SELECT id FROM new_offers));
        RETURN NULL;
      END $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_offers'],
      ['UPDATE', 'NEW TABLE AS new_offers'],
      ['DELETE', 'OLD TABLE AS old_offers'],
    ] as const) {
      await q.query(`
        CREATE TRIGGER offer_search_offers_${event.toLowerCase()} AFTER ${event} ON offers
        REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION offer_search_offers_changed()`);
    }

    // Only what a row copies from its place: an open-data re-import rewrites many places unchanged.
    await q.query(`
      CREATE FUNCTION offer_search_places_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        moved uuid[];
      BEGIN
        moved := ARRAY(
          SELECT n.id FROM new_places n JOIN old_places d ON d.id = n.id
           WHERE (n.latitude, n.longitude, n.postcode, n.insee_code, n.commune, n.name)
                 IS DISTINCT FROM (d.latitude, d.longitude, d.postcode, d.insee_code, d.commune, d.name));
        IF cardinality(moved) = 0 THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM structures WHERE id IN (SELECT structure_id FROM places WHERE id = ANY(moved)) ORDER BY id FOR NO KEY UPDATE;
        PERFORM offer_search_refresh(ARRAY(SELECT o.id FROM offers o WHERE o.place_id = ANY(moved) AND o.status = 'active'));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER offer_search_places_update AFTER UPDATE ON places
      REFERENCING OLD TABLE AS old_places NEW TABLE AS new_places
      FOR EACH STATEMENT EXECUTE FUNCTION offer_search_places_changed()`);

    await q.query(`
      CREATE FUNCTION offer_search_credentials_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        changed uuid[];
      BEGIN
        IF TG_OP = 'INSERT' THEN
          changed := ARRAY(SELECT DISTINCT structure_id FROM new_credentials WHERE status = 'verified');
        ELSIF TG_OP = 'DELETE' THEN
          changed := ARRAY(SELECT DISTINCT structure_id FROM old_credentials WHERE status = 'verified');
        ELSE
          changed := ARRAY(
            SELECT DISTINCT unnest(ARRAY[n.structure_id, d.structure_id])
              FROM new_credentials n JOIN old_credentials d ON d.id = n.id
             WHERE (n.status, n.expires_on, n.kind, n.structure_id) IS DISTINCT FROM (d.status, d.expires_on, d.kind, d.structure_id));
        END IF;
        IF cardinality(changed) = 0 THEN
          RETURN NULL;
        END IF;
        PERFORM 1 FROM structures WHERE id = ANY(changed) ORDER BY id FOR NO KEY UPDATE;
        PERFORM offer_search_refresh(ARRAY(SELECT o.id FROM offers o WHERE o.structure_id = ANY(changed) AND o.status = 'active'));
        RETURN NULL;
      END $$`);
    for (const [event, tables] of [
      ['INSERT', 'NEW TABLE AS new_credentials'],
      ['UPDATE', 'OLD TABLE AS old_credentials NEW TABLE AS new_credentials'],
      ['DELETE', 'OLD TABLE AS old_credentials'],
    ] as const) {
      await q.query(`
        CREATE TRIGGER offer_search_credentials_${event.toLowerCase()} AFTER ${event} ON credentials
        REFERENCING ${tables} FOR EACH STATEMENT EXECUTE FUNCTION offer_search_credentials_changed()`);
    }

    await q.query(`
      CREATE FUNCTION offer_search_procedures_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM offer_search_refresh(ARRAY(
          SELECT o.id FROM offers o
            JOIN new_procedures n ON n.code = o.procedure_code
            JOIN old_procedures d ON d.code = n.code
           WHERE o.status = 'active' AND n.category_code IS DISTINCT FROM d.category_code));
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER offer_search_procedures_update AFTER UPDATE ON procedures
      REFERENCING OLD TABLE AS old_procedures NEW TABLE AS new_procedures
      FOR EACH STATEMENT EXECUTE FUNCTION offer_search_procedures_changed()`);

    // Offers that exist already (a database migrated with a catalogue in it).
    await q.query(`SELECT offer_search_refresh(ARRAY(SELECT id FROM offers WHERE status = 'active'))`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const [table, events] of [
      ['offers', ['insert', 'update', 'delete']],
      ['credentials', ['insert', 'update', 'delete']],
      ['places', ['update']],
      ['procedures', ['update']],
    ] as const) {
      for (const event of events) await q.query(`DROP TRIGGER offer_search_${table}_${event} ON ${table}`);
    }
    for (const fn of ['offers_changed', 'places_changed', 'credentials_changed', 'procedures_changed']) {
      await q.query(`DROP FUNCTION offer_search_${fn}()`);
    }
    await q.query('DROP FUNCTION offer_search_refresh(uuid[])');
    await q.query('DROP TABLE offer_search');
    await q.query('DROP EXTENSION IF EXISTS btree_gist');
  }
}
