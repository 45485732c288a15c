import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { AuditModule } from './audit/audit.module';
import { AuthModule } from './auth/auth.module';
import { CommonModule } from './common/common.module';
import { ErrorFilter } from './common/errors/error.filter';
import { createValidationPipe } from './common/validation';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ExportsModule } from './exports/exports.module';
import { FundingModule } from './funding/funding.module';
import { HealthModule } from './health/health.module';
import { JobsModule } from './jobs/jobs.module';
import { ImportsModule } from './imports/imports.module';
import { OpenDataModule } from './open-data/open-data.module';
import { NotificationsModule } from './notifications/notifications.module';
import { ProgrammeModule } from './programme/programme.module';
import { ObligationsModule } from './obligations/obligations.module';
import { ProjectRecordModule } from './projects/project-record.module';
import { ProjectsModule } from './projects/projects.module';
import { ReportsModule } from './reports/reports.module';
import { RollupsModule } from './rollups/rollups.module';
import { SeedsModule } from './seeds/seeds.module';
import { StrategyModule } from './strategy/strategy.module';
import { UsersModule } from './users/users.module';
import { VocabulariesModule } from './vocabularies/vocabularies.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CommonModule,
        DatabaseModule,
        AuditModule,
        JobsModule,
        SeedsModule,
        AuthModule,
        UsersModule,
        HealthModule,
        ProgrammeModule,
        ProjectsModule,
        ObligationsModule,
        ProjectRecordModule,
        FundingModule,
        ReportsModule,
        NotificationsModule,
        RollupsModule,
        ExportsModule,
        VocabulariesModule,
        StrategyModule,
        OpenDataModule,
        ImportsModule,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: ErrorFilter },
      ],
    };
  }
}
