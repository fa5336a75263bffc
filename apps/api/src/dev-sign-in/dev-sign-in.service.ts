import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ROLES, issueToken, readSigningKey } from '@dondoc/auth';
import { UnitEntity } from '@dondoc/persistence';
import { FieldErrors } from '../errors/errors';
import { API_SETTINGS, type ApiSettings } from '../settings';
import type { DevSignInBody, DevSignInOptions, DevSignInPerson, DevSignInToken } from './dev-sign-in.dto';

/** A development session lasts a working day, as `npm run token` does by default. */
const TOKEN_TTL_SECONDS = 8 * 3600;

/** The units the page lists at most; a developer types any other id. */
const MAX_UNITS = 2_000;

/** The demo data's people (infra/demo), offered first when their unit exists. */
const DEMO_PEOPLE: readonly DevSignInPerson[] = [
  { sub: 'can.bo.1', unitId: 'bac-kan-city/ubnd', roles: ['officer'] },
  { sub: 'van.thu', unitId: 'bac-kan/tinh-uy', roles: ['clerk'] },
  { sub: 'van.thu.tp', unitId: 'bac-kan-city/thanh-uy', roles: ['clerk', 'officer'] },
  { sub: 'giam.sat', unitId: 'bac-kan/bcd35', roles: ['supervisor'] },
  { sub: 'quan.tri', unitId: 'bac-kan/tinh-uy', roles: ['admin'] },
];

/**
 * Signs development tokens with the local key for the console's sign-in page, so a newcomer
 * tries every role without a terminal. Exists only when DONDOC_DEV_SIGN_IN=true in local mode.
 */
@Injectable()
export class DevSignInService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(API_SETTINGS) private readonly settings: ApiSettings,
  ) {}

  /** The demo people whose units exist, every unit (up to a limit) and every role. */
  async options(): Promise<DevSignInOptions> {
    const units = await this.dataSource
      .getRepository(UnitEntity)
      .createQueryBuilder('u')
      .select(['u.id', 'u.name', 'u.parentId'])
      .orderBy('u.id')
      .limit(MAX_UNITS)
      .getMany();
    const known = new Set(units.map((unit) => unit.id));
    return {
      people: DEMO_PEOPLE.filter((person) => known.has(person.unitId)),
      units: units.map((unit) => ({ id: unit.id, name: unit.name, parentId: unit.parentId })),
      roles: [...ROLES],
    };
  }

  /** A token for the person asked for; the unit must exist, so the console never shows an empty world. */
  async signIn(body: DevSignInBody, now = new Date()): Promise<DevSignInToken> {
    const unit = await this.dataSource.getRepository(UnitEntity).findOneBy({ id: body.unitId });
    if (unit === null) throw new FieldErrors([{ field: 'unitId', problem: `no unit has the id ${body.unitId}` }]);
    const auth = this.settings.auth;
    // Read per request: `npm run keys` may create the pair after the API started.
    const { key, algorithm } = readSigningKey(auth.privateKeyFile);
    const token = await issueToken({
      key,
      algorithm,
      issuer: auth.issuer,
      audience: auth.audience,
      unitClaim: auth.unitClaim,
      rolesClaim: auth.rolesClaim,
      now,
      unitId: body.unitId,
      roles: [...new Set(body.roles)],
      sub: body.sub,
      ttlSeconds: TOKEN_TTL_SECONDS,
    });
    return { token, expiresAt: new Date(now.getTime() + TOKEN_TTL_SECONDS * 1000).toISOString() };
  }
}
