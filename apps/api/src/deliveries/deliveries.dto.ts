import { ApiProperty } from '@nestjs/swagger';
import { DELIVERY_CHANNELS, DELIVERY_STATUSES, type DeliveryChannel, type DeliveryStatus } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { PageCursor, PageLimit } from '../validation/query-filters';

/** One delivery of an event to a webhook or an e-mail address, as `GET …/deliveries` shows it. */
export class DeliveryView {
  @ApiProperty({ description: 'Stable id: the `webhook-id` header, and the basis of the e-mail Message-ID' })
  id!: string;

  @ApiProperty({ description: 'The catalogue event delivered (`<type>/<cause>`)' })
  eventId!: string;

  @ApiProperty()
  eventType!: string;

  @ApiProperty({ enum: DELIVERY_CHANNELS })
  channel!: DeliveryChannel;

  @ApiProperty({ description: 'The unit told' })
  unitId!: string;

  @ApiProperty({ description: 'The webhook subscription or the contact' })
  targetId!: string;

  @ApiProperty({ description: 'The URL or the e-mail address' })
  target!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiProperty({ minimum: 0 })
  attempts!: number;

  @ApiProperty({ type: String, nullable: true, description: 'The last HTTP status or SMTP reply' })
  lastStatus!: string | null;

  @ApiProperty({ type: String, nullable: true })
  lastError!: string | null;

  @ApiProperty({ format: 'date-time', description: "The notice's own instant (the schedule's)" })
  scheduledFor!: string;

  @ApiProperty({
    type: String,
    format: 'date-time',
    nullable: true,
    description: 'When it is tried next (held ones: when working hours begin); null once it is settled',
  })
  nextAttemptAt!: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When it was accepted' })
  sentAt!: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;
}

/** One page of deliveries, oldest first. */
export class DeliveryPage {
  @ApiProperty({ type: [DeliveryView] })
  items!: DeliveryView[];

  @ApiProperty({ type: String, nullable: true, description: '`cursor` of the next page; null on the last' })
  nextCursor!: string | null;
}

/** The query of the delivery lists. */
export class ListDeliveriesQuery {
  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}
