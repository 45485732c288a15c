import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ProjectsModule } from '../projects/projects.module';
import { VocabulariesModule } from '../vocabularies/vocabularies.module';
import { StrategyController } from './strategy.controller';
import { StrategyPortfolioController } from './strategy-portfolio.controller';
import { StrategyPortfolioService } from './strategy-portfolio.service';
import { StrategyService } from './strategy.service';
import { StrategyStore } from './strategy.store';

@Module({
  imports: [AuthModule, ProjectsModule, VocabulariesModule],
  controllers: [StrategyController, StrategyPortfolioController],
  providers: [StrategyService, StrategyStore, StrategyPortfolioService],
  exports: [StrategyService],
})
export class StrategyModule {}
