import { Controller, Headers, HttpCode, Post, Req, type RawBodyRequest } from '@nestjs/common';
import { ApiBadRequestResponse, ApiBody, ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import { StripeWebhookService } from '@passerelle/billing';
import { Public } from '../auth/access.decorators';

@ApiTags('billing')
@Controller('webhooks/stripe')
export class StripeWebhookController {
  constructor(private readonly webhooks: StripeWebhookService) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Stripe events (signed). Stored once by event id and applied by the worker; a redelivery answers 200 and does nothing.',
  })
  @ApiBody({ description: 'A Stripe event, verified against the Stripe-Signature header on the raw body', schema: { type: 'object' } })
  @ApiOkResponse({ description: '{ received: true, duplicate }' })
  @ApiBadRequestResponse({ description: 'STRIPE_SIGNATURE_INVALID (nothing stored), STRIPE_EVENT_INVALID' })
  @ApiServiceUnavailableResponse({ description: 'STRIPE_WEBHOOKS_DISABLED: no STRIPE_WEBHOOK_SECRET configured' })
  async receive(@Req() request: RawBodyRequest<FastifyRequest>, @Headers('stripe-signature') signature: string | undefined) {
    const { duplicate } = await this.webhooks.receive(request.rawBody, signature);
    return { received: true, duplicate };
  }
}
