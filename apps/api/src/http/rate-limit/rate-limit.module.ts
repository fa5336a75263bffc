import { Module, type DynamicModule, type InjectionToken } from '@nestjs/common';
import { ThrottlerModule, type ThrottlerStorage } from '@nestjs/throttler';
import { IdentityThrottlerGuard } from './identity-throttler.guard';

/** How the rate limit is put together: the allowance, and the store it is counted in. */
export interface RateLimitOptions {
  /** Requests a minute per identity; 0 means the guard is not installed (see installHttpHardening). */
  perMinute: number;
  /** Builds the store from what `inject` names (e.g. the DataSource for PostgreSQL). */
  storage(...dependencies: unknown[]): ThrottlerStorage;
  inject?: InjectionToken[];
}

/**
 * @nestjs/throttler configured for Dondoc: one window of a minute with `perMinute` requests,
 * counted per identity by {@link IdentityThrottlerGuard} in the given store, refused with a
 * message that says when to come back. The guard is exported for installHttpHardening, which
 * puts it in front of every other guard so refused and anonymous calls count too.
 */
@Module({})
export class RateLimitModule {
  static forRoot(options: RateLimitOptions): DynamicModule {
    return {
      module: RateLimitModule,
      imports: [
        ThrottlerModule.forRootAsync({
          inject: options.inject ?? [],
          useFactory: (...dependencies: unknown[]) => ({
            throttlers: [{ ttl: 60_000, limit: Math.max(1, options.perMinute) }],
            storage: options.storage(...dependencies),
            errorMessage: (_context, detail) =>
              `Too many requests; at most ${detail.limit} a minute. Try again in ${detail.timeToBlockExpire} s.`,
          }),
        }),
      ],
      providers: [IdentityThrottlerGuard],
      exports: [IdentityThrottlerGuard],
    };
  }
}
