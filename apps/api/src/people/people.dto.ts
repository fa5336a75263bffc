import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';
import { ROLES, type Role } from '@dondoc/auth';
import { CONTACT_TOPICS } from '@dondoc/domain';
import { DEFAULT_LIMIT } from '../pagination/pagination';
import { BooleanFilter, PageCursor, PageLimit } from '../validation/query-filters';

/** A person id as tokens carry it (`sub`): no spaces, at most 200 characters. */
const SUB_PATTERN = /^\S{1,200}$/;

/** POST /units/:id/people: an admin registers a person before their first sign-in. */
export class RegisterPersonBody {
  @ApiProperty({ example: 'can.bo.2', description: 'the subject (`sub`) of the person’s tokens' })
  @IsString()
  @Matches(SUB_PATTERN, { message: 'phải là mã người dùng (sub) không có khoảng trắng, tối đa 200 ký tự' })
  sub!: string;

  @ApiPropertyOptional({ example: 'Nguyễn Văn An' })
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  displayName?: string;

  @ApiPropertyOptional({ example: 'an.nv@backan.gov.vn' })
  @IsOptional()
  @IsEmail({}, { message: 'phải là một địa chỉ e-mail' })
  @MaxLength(320)
  email?: string;

  @ApiPropertyOptional({ enum: ROLES, isArray: true, description: 'the roles the person is expected to hold' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `phải là một trong các vai trò: ${ROLES.join(', ')}` })
  roles?: Role[];
}

/** PATCH /units/:id/people/:sub: deactivate (or reactivate) a person, correct their name or e-mail. */
export class UpdatePersonBody {
  @ApiPropertyOptional({ description: 'false: the person can no longer be given tasks' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(320)
  displayName?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsEmail({}, { message: 'phải là một địa chỉ e-mail' })
  @MaxLength(320)
  email?: string;
}

/** The query of GET /units/:id/people. */
export class ListPeopleQuery {
  @BooleanFilter()
  active?: boolean;

  @PageLimit()
  limit: number = DEFAULT_LIMIT;

  @PageCursor()
  cursor?: string;
}

/** A person's profile as the API shows it. */
export class PersonView {
  @ApiProperty() sub!: string;
  @ApiProperty() unitId!: string;
  @ApiProperty({ type: String, nullable: true }) displayName!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: [String] }) rolesSeen!: string[];
  @ApiProperty() active!: boolean;
  @ApiProperty({ type: String, nullable: true, format: 'date-time', description: 'null until the first sign-in' })
  firstSeenAt!: string | null;
  @ApiProperty({ type: String, nullable: true, format: 'date-time' }) lastSeenAt!: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'the admin who registered the person ahead' })
  registeredBy!: string | null;
  @ApiProperty({
    enum: CONTACT_TOPICS,
    isArray: true,
    description: 'the notice kinds the person is not e-mailed about for the tasks they handle',
  })
  mutedTopics!: string[];
}

/**
 * PATCH /me: the caller's own choices. Each value is checked by the service so that a 400 names
 * the item (`mutedTopics[1]`), which class-validator's per-item rules cannot.
 */
export class UpdateMeBody {
  @ApiProperty({
    enum: CONTACT_TOPICS,
    isArray: true,
    example: ['overdue'],
    uniqueItems: true,
    maxItems: CONTACT_TOPICS.length,
    description: 'the notice kinds not to e-mail me about for the tasks I handle; [] to receive them all',
  })
  @IsArray()
  @ArrayMaxSize(CONTACT_TOPICS.length)
  mutedTopics!: unknown[];
}

/** One page of people. */
export class PersonPage {
  @ApiProperty({ type: [PersonView] }) items!: PersonView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
}

/** The caller's unit, as GET /me names it. */
export class MeUnit {
  @ApiProperty() id!: string;
  @ApiProperty({ type: String, nullable: true, description: 'null when the organisation tree has no such unit' })
  name!: string | null;
}

/** GET /me: who the caller is, in which unit and roles, and what those roles let them do. */
export class MeView {
  @ApiProperty({ type: PersonView }) profile!: PersonView;
  @ApiProperty({ type: MeUnit }) unit!: MeUnit;
  @ApiProperty({ enum: ROLES, isArray: true }) roles!: Role[];
  @ApiProperty({ type: [String], description: 'what the roles allow, by name (see docs/auth.md)' })
  may!: string[];
}
