import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, MaxLength, MinLength } from 'class-validator';
import { WEBHOOK_EVENTS, WEBHOOK_STATUSES, type Delivery, type Webhook, type WebhookDeliveryStatus, type WebhookWithSecret } from '#libs/webhooks';
import { PageQuery } from '../../http/page-query.js';
import { IsOmittable } from '../../http/validators.js';

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

export class CreateWebhookRequest {
  @ApiProperty({ example: 'www site build' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  @ApiProperty({ example: 'https://build.example.org/hooks/newsroom', description: 'https (http only to localhost / 127.0.0.1 outside production).' })
  @IsString()
  @MaxLength(2000)
  url: string;

  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true, example: ['publish', 'update', 'unpublish', 'correction'] })
  @IsArray()
  @ArrayMaxSize(WEBHOOK_EVENTS.length * 2)
  @IsString({ each: true })
  events: string[];

  @ApiPropertyOptional({ default: true })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

// `active` is redeclared: the create's default (true) does not apply to a PATCH
export class UpdateWebhookRequest extends PartialType(OmitType(CreateWebhookRequest, ['active']), { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'false: nothing is sent to it until reactivated (pending sends are dropped).' })
  @IsOmittable()
  @IsBoolean()
  active?: boolean;
}

export class ListDeliveriesQuery extends PageQuery {
  @ApiPropertyOptional({ enum: WEBHOOK_STATUSES })
  @IsOmittable()
  @IsIn(WEBHOOK_STATUSES)
  status?: WebhookDeliveryStatus;
}

export class WebhookResponse {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: WEBHOOK_EVENTS, isArray: true }) events: string[];
  @ApiProperty() active: boolean;
  @ApiProperty({ nullable: true, type: String }) createdBy: string | null;
  @ApiProperty() createdAt: string;
  @ApiProperty() updatedAt: string;

  static from(w: Webhook): WebhookResponse {
    return { id: w.id, name: w.name, url: w.url, events: w.events, active: w.active, createdBy: w.createdBy, createdAt: iso(w.createdAt)!, updatedAt: iso(w.updatedAt)! };
  }
}

export class WebhookWithSecretResponse extends WebhookResponse {
  @ApiProperty({ description: 'The signing secret. Shown only in this response; store it now.', example: 'whsec_...' }) secret: string;

  static fromSecret(s: WebhookWithSecret): WebhookWithSecretResponse {
    return { ...WebhookResponse.from(s.webhook), secret: s.secret };
  }
}

export class WebhookDeliveryResponse {
  @ApiProperty({ description: 'The delivery id (`X-Webhook-Delivery`), stable across retries and redeliveries.' }) id: string;
  @ApiProperty() webhookId: string;
  @ApiProperty({ example: 'article.published', description: 'article.published, article.updated, article.unpublished, article.slug_changed or article.corrected.' }) event: string;
  @ApiProperty({ description: 'Outbox message of the source event.' }) outboxMessageId: string;
  @ApiProperty({
    type: 'object',
    additionalProperties: true,
    description:
      'The `data` sent: for article events the article id, action, slug, url, canonicalUrl, revisionId, revisionNumber, previousSlug and previousUrl; for article.corrected the correction and the same address (docs/features.md, "What a delivery carries").',
  })
  payload: Record<string, unknown>;
  @ApiProperty({ enum: WEBHOOK_STATUSES }) status: string;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: Number }) lastStatusCode: number | null;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty() occurredAt: string;
  @ApiProperty() createdAt: string;
  @ApiProperty({ nullable: true, type: String }) deliveredAt: string | null;

  static from(d: Delivery): WebhookDeliveryResponse {
    return {
      id: d.id,
      webhookId: d.webhookId,
      event: d.event,
      outboxMessageId: d.outboxMessageId,
      payload: d.payload,
      status: d.status,
      attempts: d.attempts,
      lastStatusCode: d.lastStatusCode,
      lastError: d.lastError,
      occurredAt: iso(d.occurredAt)!,
      createdAt: iso(d.createdAt)!,
      deliveredAt: iso(d.deliveredAt),
    };
  }
}

export class WebhookDeliveryPageResponse {
  @ApiProperty({ type: [WebhookDeliveryResponse] }) items: WebhookDeliveryResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}
