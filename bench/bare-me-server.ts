import Fastify from 'fastify';
import { Pool } from 'pg';
import { JwtService } from '@nestjs/jwt';

/**
 * Baseline for the /me benchmark: bare Fastify + pg doing the same essential work as our stack
 * (verify the JWT, look the session and memberships up, answer JSON) with no framework around it.
 */
async function main(): Promise<void> {
  const [databaseUrl, secret, port] = process.argv.slice(2) as [string, string, string];
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  const jwt = new JwtService({ secret, verifyOptions: { algorithms: ['HS256'], issuer: 'passerelle', audience: 'passerelle-api' } });
  const app = Fastify({ logger: false });
  app.get('/me', async (request, reply) => {
    const token = (request.headers.authorization ?? '').replace(/^Bearer /, '');
    let claims: { sub: string; sid: string };
    try {
      claims = jwt.verify<{ sub: string; sid: string }>(token);
    } catch {
      return reply.status(401).send({ code: 'UNAUTHENTICATED' });
    }
    const { rows } = await pool.query(
      `SELECT u.id, u.email, u.display_name, u.roles, m.organisation_id, o.kind, o.name
         FROM auth_sessions s JOIN users u ON u.id = s.user_id
         LEFT JOIN memberships m ON m.user_id = u.id LEFT JOIN organisations o ON o.id = m.organisation_id
        WHERE s.id = $1 AND s.user_id = $2 AND s.revoked_at IS NULL AND u.status = 'active'`,
      [claims.sid, claims.sub],
    );
    if (rows.length === 0) return reply.status(401).send({ code: 'SESSION_REVOKED' });
    const user = rows[0];
    return { id: user.id, email: user.email, displayName: user.display_name, roles: user.roles, memberships: [] };
  });
  await app.listen({ host: '127.0.0.1', port: Number(port) });
  process.send?.('ready');
}

void main();
