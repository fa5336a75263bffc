import { createParamDecorator, Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { RoleNotAllowedError, type Principal, type Role } from '@dondoc/auth';
import { requirePrincipal } from './request-context';

const ROLES_KEY = 'dondoc:roles';
const PUBLIC_KEY = 'dondoc:public';

/** The roles that may use an endpoint (on a handler, or on a controller for all its handlers). */
export const Roles = (...roles: Role[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** An endpoint anyone may call without a token (health, docs). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/**
 * Role checks, deny by default: a public endpoint passes; otherwise the caller needs a verified
 * token (401 with the reason) and one of the endpoint's roles (403). An endpoint that declares
 * neither `@Roles` nor `@Public` is closed to everyone, so a forgotten declaration fails safe.
 * Scope (which units, which directives) is the services' job: it needs the data.
 */
@Injectable()
export class AccessGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true) return true;
    const principal = requirePrincipal();
    const allowed = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets) ?? [];
    if (!principal.roles.some((role) => allowed.includes(role))) throw new RoleNotAllowedError(allowed);
    return true;
  }
}

/** Parameter decorator: the verified caller of a protected endpoint (`@CurrentPrincipal() who: Principal`). */
export const CurrentPrincipal = createParamDecorator((_data: unknown, _context: ExecutionContext): Principal =>
  requirePrincipal(),
);
