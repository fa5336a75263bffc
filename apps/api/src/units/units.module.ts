import { Module } from '@nestjs/common';
import { UnitsController } from './units.controller';
import { UnitsTreeService } from './units-tree.service';
import { UnitsService } from './units.service';

@Module({ controllers: [UnitsController], providers: [UnitsService, UnitsTreeService], exports: [UnitsService] })
export class UnitsModule {}
