import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, ValidateBy } from 'class-validator';
import { CONTACT_MODES, type ContactMode, type ContactTopicChoice } from '@dondoc/persistence';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { PageCursor, PageLimit } from '../validation/query-filters';
import { CONTACT_TOPIC_CHOICES, emailProblem, modeProblem, nameProblem, topicsProblem } from './contact-rules';

/** A class-validator rule from one of contact-rules' problem functions, so body and import say the same. */
function Checked(name: string, problemOf: (value: unknown) => string | null): PropertyDecorator {
  return ValidateBy({
    name,
    validator: {
      validate: (value: unknown) => problemOf(value) === null,
      defaultMessage: (args) => problemOf(args?.value) ?? '',
    },
  });
}

/** The body of POST /units/:id/contacts. */
export class CreateContactBody {
  @ApiProperty({ example: 'Văn phòng Thành ủy', maxLength: 200 })
  @Checked('isContactName', nameProblem)
  name!: string;

  @ApiProperty({ example: 'vanphong@backan.gov.vn', format: 'email' })
  @Checked('isEmailAddress', emailProblem)
  email!: string;

  @ApiProperty({
    type: [String],
    enum: CONTACT_TOPIC_CHOICES,
    example: ['reminder', 'overdue'],
    description: 'What the contact receives: topics of the catalogue, or `["all"]` for every notice to people',
  })
  @Checked('isContactTopics', topicsProblem)
  topics!: ContactTopicChoice[];

  @ApiPropertyOptional({ enum: CONTACT_MODES, default: 'each', description: 'Each notice at once, or a daily digest' })
  @IsOptional()
  @Checked('isContactMode', modeProblem)
  mode?: ContactMode;
}

/** The body of PATCH /units/:id/contacts/:contactId: the fields to change. */
export class UpdateContactBody {
  @ApiPropertyOptional({ maxLength: 200 })
  @IsOptional()
  @Checked('isContactName', nameProblem)
  name?: string;

  @ApiPropertyOptional({ format: 'email' })
  @IsOptional()
  @Checked('isEmailAddress', emailProblem)
  email?: string;

  @ApiPropertyOptional({ type: [String], enum: CONTACT_TOPIC_CHOICES })
  @IsOptional()
  @Checked('isContactTopics', topicsProblem)
  topics?: ContactTopicChoice[];

  @ApiPropertyOptional({ enum: CONTACT_MODES })
  @IsOptional()
  @Checked('isContactMode', modeProblem)
  mode?: ContactMode;
}

/** The query of GET /units/:id/contacts. */
export class ListContactsQuery {
  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** A unit's contact as the API shows it. */
export class ContactView {
  @ApiProperty({ format: 'uuid' })
  id!: string;

  @ApiProperty()
  unitId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ format: 'email' })
  email!: string;

  @ApiProperty({ type: [String], enum: CONTACT_TOPIC_CHOICES })
  topics!: ContactTopicChoice[];

  @ApiProperty({ enum: CONTACT_MODES })
  mode!: ContactMode;

  @ApiProperty({ format: 'date-time' })
  createdAt!: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt!: string;
}

/** One page of a unit's contacts. */
export class ContactPage {
  @ApiProperty({ type: [ContactView] })
  items!: ContactView[];

  @ApiProperty({ type: String, nullable: true, description: 'Fetches the next page; null on the last' })
  nextCursor!: string | null;
}
