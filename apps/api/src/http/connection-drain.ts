import type { FastifyInstance } from 'fastify';

/**
 * On close, Fastify stops accepting and waits for open connections. A keep-alive connection that
 * was busy at that moment would stay open after its response and hold the shutdown up, so
 * responses sent while closing ask the client to hang up.
 */
export function closeKeepAliveOnShutdown(instance: FastifyInstance): void {
  let closing = false;
  instance.addHook('preClose', async () => {
    closing = true;
  });
  instance.addHook('onSend', async (_request, reply) => {
    if (closing) void reply.header('connection', 'close');
  });
}
