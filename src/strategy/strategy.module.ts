import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { StrategyController } from './strategy.controller';
import { StrategyService } from './strategy.service';
import { StrategyStore } from './strategy.store';

@Module({
  imports: [AuthModule, ProjectsModule, VocabulariesModule],
  controllers: [StrategyController],
  providers: [StrategyService, StrategyStore],
  exports: [StrategyService],
})
export class StrategyModule {}
