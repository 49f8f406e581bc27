import { Controller, Get, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { DatabaseHealth } from '@passerelle/database';
import { RedisHealth } from '@passerelle/redis';
import { Public } from '../auth/access.decorators';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealth,
    private readonly redis: RedisHealth,
  ) {}

  @Public()
  @Get()
  @ApiOperation({ summary: 'Liveness of the API and its services (PostgreSQL, Redis)' })
  @ApiResponse({ status: 200, description: 'PostgreSQL and Redis answer' })
  @ApiResponse({ status: 503, description: 'PostgreSQL or Redis does not answer' })
  async check(@Res({ passthrough: true }) reply: FastifyReply) {
    const [postgres, redis] = await Promise.all([this.database.isUp(), this.redis.isUp()]);
    const healthy = postgres && redis;
    void reply.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'unavailable', postgres: postgres ? 'up' : 'down', redis: redis ? 'up' : 'down' };
  }
}
