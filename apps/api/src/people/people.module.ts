import { Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { MeController } from './me.controller';
import { PeopleSeenInterceptor } from './people-seen.interceptor';
import { PeopleService } from './people.service';

/**
 * People of the units: profiles recorded from tokens on every authenticated request (an
 * interceptor, cheap), GET /me, and the service the units' people routes and task assignment use.
 */
@Module({
  controllers: [MeController],
  providers: [PeopleService, { provide: APP_INTERCEPTOR, useClass: PeopleSeenInterceptor }],
  exports: [PeopleService],
})
export class PeopleModule {}
