import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { buildDataSourceOptions } from './data-source';
import { TransactionService } from './transaction.service';

@Global()
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        ...buildDataSourceOptions(config.database),
        // Schema changes only by migration, run by the API before it takes requests.
        // Workers never migrate (two processes migrating at once would collide); they check instead.
        migrationsRun: config.role === 'api',
        migrationsTransactionMode: 'each',
        retryAttempts: config.nodeEnv === 'test' ? 1 : 5,
        retryDelay: 2000,
      }),
    }),
  ],
  providers: [TransactionService],
  exports: [TransactionService],
})
export class DatabaseModule {}
