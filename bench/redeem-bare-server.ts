import Fastify from 'fastify';
import { Pool } from 'pg';
import { bareJwt, bearerClaims } from './bench-support';

/**
 * Baseline for the redemption benchmark: bare Fastify + pg doing the essential work — verify the
 * JWT and the live session, read the booking, then in one transaction the same conditional UPDATE
 * of the voucher and the redemption insert — without a framework, validation, rate limits,
 * eligibility rules or audit.
 */
async function main(): Promise<void> {
  const [databaseUrl, secret, port, poolSize] = process.argv.slice(2) as [string, string, string, string];
  const pool = new Pool({ connectionString: databaseUrl, max: Number(poolSize) });
  const jwt = bareJwt(secret);
  const app = Fastify({ logger: false });
  app.post<{ Body: { code: string; bookingId: string } }>('/vouchers/redeem', async (request, reply) => {
    const claims = bearerClaims(jwt, request.headers.authorization);
    if (!claims) return reply.status(401).send({ code: 'UNAUTHENTICATED' });
    const session = await pool.query(
      `SELECT m.organisation_id FROM auth_sessions s JOIN users u ON u.id = s.user_id LEFT JOIN memberships m ON m.user_id = u.id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.status = 'active'`,
      [claims.sid, claims.sub],
    );
    if (session.rows.length === 0) return reply.status(401).send({ code: 'SESSION_REVOKED' });
    const booking = (
      await pool.query('SELECT structure_id, procedure_code, status FROM bookings WHERE id = $1', [request.body.bookingId])
    ).rows[0];
    if (!booking) return reply.status(404).send({ code: 'BOOKING_NOT_FOUND' });
    const client = await pool.connect();
    try {
      await client.query('BEGIN');
      const updated = await client.query(
        `UPDATE vouchers SET status = 'redeemed', updated_at = now() WHERE code = $1 AND status IN ('issued', 'assigned')
         RETURNING id, program_id, face_value_cents`,
        [request.body.code],
      );
      const voucher = updated.rows[0];
      if (!voucher) {
        await client.query('ROLLBACK');
        return reply.status(409).send({ code: 'VOUCHER_ALREADY_REDEEMED' });
      }
      const inserted = await client.query(
        `INSERT INTO voucher_redemptions (voucher_id, program_id, booking_id, structure_id, procedure_code, departement,
           face_value_cents, idempotency_key, redeemed_by)
         VALUES ($1, $2, $3, $4, $5, '33', $6, $7, $8) RETURNING id, redeemed_at`,
        [voucher.id, voucher.program_id, request.body.bookingId, booking.structure_id, booking.procedure_code, voucher.face_value_cents,
          String(request.headers['idempotency-key']), claims.sub],
      );
      await client.query('COMMIT');
      return reply.status(201).send({ id: inserted.rows[0].id, redeemedAt: inserted.rows[0].redeemed_at });
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
