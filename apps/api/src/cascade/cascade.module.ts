import { Module } from '@nestjs/common';
import { CascadeController } from './cascade.controller';
import { CascadeService } from './cascade.service';

/** Roll-up of cascades: GET /directives/:id/tree and GET /tasks/:id/path. */
@Module({ controllers: [CascadeController], providers: [CascadeService] })
export class CascadeModule {}
