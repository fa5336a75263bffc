import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';

/** Who is acting. Authentication will fill this from a verified token. */
export interface Actor {
  id: string;
}

/** Header that names the acting person until authentication lands. */
export const ACTOR_HEADER = 'x-dondoc-actor';

/**
 * The one seam for the acting identity: every controller takes the actor from here, so
 * authentication replaces this function and nothing else.
 */
export function resolveActor(request: Request): Actor {
  const header = request.headers[ACTOR_HEADER];
  const id = (Array.isArray(header) ? header[0] : header)?.trim();
  return { id: id && id.length > 0 ? id.slice(0, 200) : 'anonymous' };
}

/** Parameter decorator: `@CurrentActor() actor: Actor`. */
export const CurrentActor = createParamDecorator((_data: unknown, context: ExecutionContext): Actor =>
  resolveActor(context.switchToHttp().getRequest<Request>()),
);
