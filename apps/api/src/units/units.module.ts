import { Module } from '@nestjs/common';
import { PeopleModule } from '../people/people.module';
import { UnitsController } from './units.controller';
import { UnitsTreeService } from './units-tree.service';
import { UnitsService } from './units.service';

@Module({
  imports: [PeopleModule],
  controllers: [UnitsController],
  providers: [UnitsService, UnitsTreeService],
  exports: [UnitsService],
})
export class UnitsModule {}
