import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ActionCtx, RequirePermission, type ActionContext } from '#libs/identity';
import { WebhooksService } from '#libs/webhooks';
import { ApiErrors } from '../../http/api-errors.js';
import { UuidPipe } from '../../http/uuid.pipe.js';
import {
  CreateWebhookRequest,
  ListDeliveriesQuery,
  UpdateWebhookRequest,
  WebhookDeliveryPageResponse,
  WebhookDeliveryResponse,
  WebhookResponse,
  WebhookWithSecretResponse,
} from './webhooks.dto.js';

@ApiTags('admin: webhooks')
@Controller('v1/admin/webhooks')
@ApiErrors({ 401: [], 403: [] })
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'Create a webhook (its signing secret is shown once)' })
  @ApiCreatedResponse({ type: WebhookWithSecretResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'WEBHOOK_URL_INVALID', 'WEBHOOK_EVENTS_INVALID', 'WEBHOOK_NAME_INVALID'] })
  async create(@Body() body: CreateWebhookRequest, @ActionCtx() ctx: ActionContext): Promise<WebhookWithSecretResponse> {
    return WebhookWithSecretResponse.fromSecret(await this.webhooks.create(ctx, body));
  }

  @Get()
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'List webhooks (never their secrets)' })
  @ApiOkResponse({ type: [WebhookResponse] })
  async list(): Promise<WebhookResponse[]> {
    return (await this.webhooks.list()).map(WebhookResponse.from);
  }

  @Get(':id')
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'One webhook' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors({ 400: [], 404: ['WEBHOOK_NOT_FOUND'] })
  async get(@Param('id', UuidPipe) id: string): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.webhooks.get(id));
  }

  @Patch(':id')
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'Rename, re-point, change the events of, or (de)activate a webhook' })
  @ApiOkResponse({ type: WebhookResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'WEBHOOK_URL_INVALID', 'WEBHOOK_EVENTS_INVALID', 'WEBHOOK_NAME_INVALID'], 404: ['WEBHOOK_NOT_FOUND'] })
  async update(@Param('id', UuidPipe) id: string, @Body() body: UpdateWebhookRequest, @ActionCtx() ctx: ActionContext): Promise<WebhookResponse> {
    return WebhookResponse.from(await this.webhooks.update(ctx, id, body));
  }

  @Delete(':id')
  @RequirePermission('webhooks.manage')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery log (queued sends to it are dropped)' })
  @ApiNoContentResponse()
  @ApiErrors({ 400: [], 404: ['WEBHOOK_NOT_FOUND'] })
  async remove(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<void> {
    await this.webhooks.remove(ctx, id);
  }

  @Post(':id/rotate-secret')
  @RequirePermission('webhooks.manage')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the signing secret (shown once); the old one stops signing at once' })
  @ApiOkResponse({ type: WebhookWithSecretResponse })
  @ApiErrors({ 400: [], 404: ['WEBHOOK_NOT_FOUND'] })
  async rotate(@Param('id', UuidPipe) id: string, @ActionCtx() ctx: ActionContext): Promise<WebhookWithSecretResponse> {
    return WebhookWithSecretResponse.fromSecret(await this.webhooks.rotateSecret(ctx, id));
  }

  @Get(':id/deliveries')
  @RequirePermission('webhooks.manage')
  @ApiOperation({ summary: 'Deliveries of a webhook, newest first (keyset pagination)' })
  @ApiOkResponse({ type: WebhookDeliveryPageResponse })
  @ApiErrors({ 400: ['VALIDATION_FAILED', 'INVALID_CURSOR'], 404: ['WEBHOOK_NOT_FOUND'] })
  async deliveries(@Param('id', UuidPipe) id: string, @Query() query: ListDeliveriesQuery): Promise<WebhookDeliveryPageResponse> {
    const page = await this.webhooks.deliveries(id, query);
    return { items: page.items.map(WebhookDeliveryResponse.from), nextCursor: page.nextCursor };
  }

  @Post(':id/deliveries/:deliveryId/redeliver')
  @RequirePermission('webhooks.manage')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a delivery again, with the same delivery id (queued through the outbox)' })
  @ApiAcceptedResponse({ type: WebhookDeliveryResponse })
  @ApiErrors({ 400: [], 404: ['WEBHOOK_NOT_FOUND', 'WEBHOOK_DELIVERY_NOT_FOUND'], 409: ['WEBHOOK_DELIVERY_PENDING', 'WEBHOOK_INACTIVE'] })
  async redeliver(@Param('id', UuidPipe) id: string, @Param('deliveryId', UuidPipe) deliveryId: string, @ActionCtx() ctx: ActionContext): Promise<WebhookDeliveryResponse> {
    return WebhookDeliveryResponse.from(await this.webhooks.redeliver(ctx, id, deliveryId));
  }
}
