import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsIn, IsString, Matches, MaxLength } from 'class-validator';
import { ROLES, type Role } from '@dondoc/auth';
import { UNIT_ID_PATTERN } from '../units/units.dto';

/** A person id: what `npm run token -- --sub` accepts. */
const PERSON_PATTERN = /^\S{1,200}$/;

/** A unit a developer may sign in for. */
export class DevSignInUnit {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  id!: string;

  @ApiProperty({ example: 'Ủy ban nhân dân thành phố Bắc Kạn' })
  name!: string;

  @ApiProperty({ type: String, nullable: true, example: 'bac-kan-city/thanh-uy' })
  parentId!: string | null;
}

/** A ready-made person of the demo data: one click signs in as them. */
export class DevSignInPerson {
  @ApiProperty({ example: 'can.bo.1' })
  sub!: string;

  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  unitId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
}

/** What the development sign-in page offers. */
export class DevSignInOptions {
  @ApiProperty({ type: [DevSignInPerson] })
  people!: DevSignInPerson[];

  @ApiProperty({ type: [DevSignInUnit] })
  units!: DevSignInUnit[];

  @ApiProperty({ enum: ROLES, isArray: true })
  roles!: Role[];
}

/** Who to sign in as. */
export class DevSignInBody {
  @ApiProperty({ example: 'bac-kan-city/ubnd' })
  @IsString()
  @MaxLength(200)
  @Matches(UNIT_ID_PATTERN, { message: 'must be a unit id such as bac-kan-city/ubnd' })
  unitId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @IsIn(ROLES, { each: true, message: `each must be one of: ${ROLES.join(', ')}` })
  roles!: Role[];

  @ApiProperty({ example: 'can.bo.1' })
  @IsString()
  @Matches(PERSON_PATTERN, { message: 'must be a person id without spaces, at most 200 characters' })
  sub!: string;
}

/** A token signed with the local key, as `npm run token` prints. */
export class DevSignInToken {
  @ApiProperty()
  token!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}
