import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { PortfolioCache } from '../common/public-cache.interceptor';
import { TransactionService } from '../database/transaction.service';
import { Programme } from '../programme/programme.entity';
import { applySeed, SeedReport } from './apply-seed';
import { readSeedData } from './programme-seed';

/** Loads the real portfolio into an empty database on first start; `npm run seed` re-applies it on demand. */
@Injectable()
export class SeedService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Seed');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly cache: PortfolioCache,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.seedOnStart || this.config.role !== 'api') return;
    if (await this.dataSource.getRepository(Programme).exists()) return;
    const report = await this.seed();
    this.logger.log(`Empty database: loaded the real MPSC portfolio (${report.inserted} rows).`);
  }

  async seed(): Promise<SeedReport> {
    const data = readSeedData();
    const report = await this.transactions.run((manager) => applySeed(manager, data));
    this.cache.clear();
    return report;
  }
}
