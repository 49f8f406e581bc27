import Fastify from 'fastify';
import { Pool } from 'pg';
import { bareJwt, bearerClaims } from './bench-support';
import { BOOKING_CONFIRMATION_JOB, BOOKING_REMINDER_JOB, NOTIFICATIONS_QUEUE, bookingReminderJobId } from '@passerelle/outbox';
import { newBookingReference } from '../libs/booking/src/booking-reference';

/**
 * Baseline for the booking benchmark: bare Fastify + pg doing the same reads and inserts as
 * POST /bookings — verify the JWT and the live session, read the offer and its opening rules, then
 * in one transaction take the place in the slot (the same conditional upsert), insert the booking
 * and its two outbox rows (confirmation, reminder) — without a framework, validation, slot
 * computation, rate limits or audit.
 */
async function main(): Promise<void> {
  const [databaseUrl, secret, port, poolSize] = process.argv.slice(2) as [string, string, string, string];
  const pool = new Pool({ connectionString: databaseUrl, max: Number(poolSize) });
  const jwt = bareJwt(secret);
  const app = Fastify({ logger: false });
  app.post<{ Body: { offerId: string; startsAt: string } }>('/bookings', async (request, reply) => {
    const claims = bearerClaims(jwt, request.headers.authorization);
    if (!claims) return reply.status(401).send({ code: 'UNAUTHENTICATED' });
    const session = await pool.query(
      `SELECT u.id FROM auth_sessions s JOIN users u ON u.id = s.user_id WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.status = 'active'`,
      [claims.sid, claims.sub],
    );
    if (session.rows.length === 0) return reply.status(401).send({ code: 'SESSION_REVOKED' });
    const offer = (
      await pool.query(
        `SELECT o.id, o.structure_id, o.place_id, o.procedure_code, o.duration_minutes, pr.documents
           FROM offers o JOIN procedures pr ON pr.code = o.procedure_code WHERE o.id = $1`,
        [request.body.offerId],
      )
    ).rows[0];
    if (!offer) return reply.status(404).send({ code: 'OFFER_NOT_FOUND' });
    const rules = await pool.query('SELECT weekday, start_time, end_time, capacity FROM opening_rules WHERE offer_id = $1', [offer.id]);
    const startsAt = new Date(request.body.startsAt);
    const endsAt = new Date(startsAt.getTime() + offer.duration_minutes * 60_000);
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const taken = await client.query(
        `INSERT INTO slot_occupancy AS s (offer_id, starts_at, capacity, booked) VALUES ($1, $2, $3, 1)
         ON CONFLICT (offer_id, starts_at) DO UPDATE SET booked = s.booked + 1 WHERE s.booked < s.capacity RETURNING s.booked`,
        [offer.id, startsAt, rules.rows[0]?.capacity ?? 1],
      );
      if (taken.rows.length === 0) {
        await client.query('ROLLBACK');
        return reply.status(409).send({ code: 'SLOT_FULL' });
      }
      const booking = (
        await client.query(
          `INSERT INTO bookings (reference, offer_id, structure_id, place_id, procedure_code, starts_at, ends_at, pricing_kind, price_cents,
             beneficiary_user_id, person_key, booked_by, booked_as, checklist)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'funded', 0, $8, $9, $8, 'beneficiary', $10) RETURNING id, reference`,
          [newBookingReference(), offer.id, offer.structure_id, offer.place_id, offer.procedure_code, startsAt, endsAt, claims.sub,
            `user:${claims.sub}`, JSON.stringify(offer.documents)],
        )
      ).rows[0];
      await client.query(
        `INSERT INTO outbox (queue, job_name, payload, job_id, run_at)
         VALUES ($1, $2, $4, NULL, NULL), ($1, $3, $4, $5, $6)`,
        [NOTIFICATIONS_QUEUE, BOOKING_CONFIRMATION_JOB, BOOKING_REMINDER_JOB, JSON.stringify({ bookingId: booking.id }),
          bookingReminderJobId(booking.id), new Date(startsAt.getTime() - 86_400_000)],
      );
      await client.query('COMMIT');
      return reply.status(201).send({ id: booking.id, reference: booking.reference });
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  });
  app.get('/health', async () => ({ status: 'ok' }));
  await app.listen({ host: '127.0.0.1', port: Number(port) });
}

void main();
