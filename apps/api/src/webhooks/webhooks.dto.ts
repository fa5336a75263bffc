import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsString, MaxLength, MinLength } from 'class-validator';
import { WEBHOOK_STATUSES, type WebhookStatus } from '@dondoc/persistence';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { PageCursor, PageLimit, TextFilter } from '../validation/query-filters';
import { MAX_SUBSCRIBED_EVENTS, SUBSCRIBABLE_EVENT_TYPES } from './webhook-rules';

/** The longest URL kept: what browsers and proxies reliably carry. */
export const WEBHOOK_URL_MAX = 2_000;

/** The body of POST /webhooks. Which events and which address are checked by the service (they need the catalogue and DNS). */
export class CreateWebhookBody {
  @ApiProperty({ example: 'bac-kan-city/ubnd', description: 'The unit whose events it receives' })
  @IsString()
  @MinLength(1)
  unitId!: string;

  @ApiProperty({ example: 'https://qlvb.backan.gov.vn/dondoc/webhook', maxLength: WEBHOOK_URL_MAX })
  @IsString()
  @MaxLength(WEBHOOK_URL_MAX)
  url!: string;

  @ApiProperty({ type: [String], enum: SUBSCRIBABLE_EVENT_TYPES, example: ['task.reminder', 'task.overdue'] })
  @IsArray()
  @ArrayMaxSize(MAX_SUBSCRIBED_EVENTS)
  events!: string[];
}

/** The query of GET /webhooks. */
export class ListWebhooksQuery {
  @TextFilter({ description: 'Only the subscriptions of this unit' })
  unitId?: string;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** A subscription as the API shows it: never its secrets. */
export class WebhookView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty()
  url!: string;

  @ApiProperty({ type: [String], enum: SUBSCRIBABLE_EVENT_TYPES })
  events!: string[];

  @ApiProperty({ enum: WEBHOOK_STATUSES })
  status!: WebhookStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Why it stopped receiving (a 410 Gone, …)' })
  disabledReason!: string | null;

  @ApiProperty({ type: String, nullable: true, format: 'date-time' })
  disabledAt!: string | null;

  @ApiProperty({
    type: String,
    nullable: true,
    format: 'date-time',
    description: 'Until then deliveries are also signed with the secret before the last rotation',
  })
  previousSecretValidUntil!: string | null;

  @ApiProperty({ description: 'Who registered it (the token subject)' })
  createdBy!: string;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** A subscription with its signing secret: the answer of POST /webhooks and of a rotation, the only times it is shown. */
export class WebhookWithSecretView extends WebhookView {
  @ApiProperty({
    example: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw+…',
    description: 'The Standard Webhooks signing secret. Shown once: store it now, it is never listed.',
  })
  secret!: string;
}

/** One page of subscriptions. */
export class WebhookPage {
  @ApiProperty({ type: [WebhookView] })
  items!: WebhookView[];

  @ApiProperty({ type: String, nullable: true, description: 'Fetches the next page; null on the last' })
  nextCursor!: string | null;
}

/** The answer of POST /webhooks/:id/test: the ping written to the outbox, which the dispatcher sends. */
export class WebhookTestAccepted {
  @ApiProperty({ example: 'ping/5b1e0c3a-7d2f-4e8a-9b6c-1d2e3f4a5b6c:0c9d8e7f-6a5b-4c3d-2e1f-0a9b8c7d6e5f' })
  eventId!: string;
}
