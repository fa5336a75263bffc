import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { UnitsController } from './units.controller';
import { UnitsEditService } from './units-edit.service';
import { UnitsTreeService } from './units-tree.service';
import { UnitsService } from './units.service';

@Module({
  imports: [PeopleModule],
  controllers: [UnitsController],
  providers: [UnitsService, UnitsTreeService, UnitsEditService],
  exports: [UnitsService],
})
export class UnitsModule {}
