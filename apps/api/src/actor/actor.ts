import { createParamDecorator } from '@nestjs/common';
import type { Role } from '@dondoc/auth';
import { requirePrincipal } from '../http/request-context';

/** Who is acting: the verified token's subject, unit and roles. */
export interface Actor {
  id: string;
  unitId: string;
  roles: readonly Role[];
}

/**
 * The one seam for the acting identity: every controller takes the actor from here. It is the
 * principal the authentication middleware verified (the guard has already refused a request
 * without one).
 */
export function currentActor(): Actor {
  const principal = requirePrincipal();
  return { id: principal.sub, unitId: principal.unitId, roles: principal.roles };
}

/** Parameter decorator: `@CurrentActor() actor: Actor`. */
export const CurrentActor = createParamDecorator((): Actor => currentActor());
