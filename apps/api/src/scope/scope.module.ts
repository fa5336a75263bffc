import { Global, Module } from '@nestjs/common';
import { ScopeService } from './scope.service';

/** Every feature module reads through the same scope. */
@Global()
@Module({ providers: [ScopeService], exports: [ScopeService] })
export class ScopeModule {}
