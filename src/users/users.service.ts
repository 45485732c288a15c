import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Actor, SYSTEM_ACTOR } from '../auth/actor';
import { hashPassword } from '../auth/passwords';
import { Body } from '../bodies/body.entity';
import { ValidationFailed } from '../common/errors/domain-error';
import { emailTaken, userNotFound } from './user.errors';
import { Page } from '../common/pagination';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { TransactionService } from '../database/transaction.service';
import { CreateUserDto, ListUsersQuery, UpdateUserDto, UserDto } from './user.dto';
import { User } from './user.entity';

const toDto = (u: User): UserDto => ({
  id: u.id,
  email: u.email,
  role: u.role,
  bodyId: u.bodyId,
  active: u.active,
  createdAt: u.createdAt.toISOString(),
});

/** The audit view of a user: never the password hash. */
const auditView = (u: User) => ({ id: u.id, email: u.email, role: u.role, bodyId: u.bodyId, active: u.active });

@Injectable()
export class UsersService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Users');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** The first officer comes from ADMIN_EMAIL / ADMIN_PASSWORD, only while no account exists. */
  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.admin || this.config.role !== 'api') return;
    if (await this.dataSource.getRepository(User).exists()) return;
    await this.create(SYSTEM_ACTOR, { email: this.config.admin.email, password: this.config.admin.password, role: 'officer' });
    this.logger.log(`Created the first officer account ${this.config.admin.email} from ADMIN_EMAIL.`);
  }

  async create(actor: Actor, dto: CreateUserDto): Promise<UserDto> {
    if (dto.role === 'municipality' && dto.bodyId === undefined) {
      throw new ValidationFailed([{ field: 'bodyId', message: 'bodyId is required for a municipality account' }]);
    }
    if (dto.role !== 'municipality' && dto.bodyId !== undefined) {
      throw new ValidationFailed([{ field: 'bodyId', message: `bodyId is only allowed for municipality accounts, not ${dto.role}` }]);
    }
    const email = dto.email.trim().toLowerCase();
    const passwordHash = await hashPassword(dto.password);
    return this.transactions.run(async (manager) => {
      if (dto.bodyId !== undefined && !(await manager.getRepository(Body).existsBy({ id: dto.bodyId }))) {
        throw new ValidationFailed([{ field: 'bodyId', message: `body ${dto.bodyId} does not exist` }]);
      }
      const users = manager.getRepository(User);
      if (await users.existsBy({ email })) throw emailTaken(email);
      const { identifiers } = await users.insert({ email, passwordHash, role: dto.role, bodyId: dto.bodyId ?? null, active: true });
      const user = await users.findOneByOrFail({ id: identifiers[0].id as number });
      await this.audit.record(manager, actor, { action: 'user.create', entityType: 'user', entityId: user.id, after: auditView(user) });
      return toDto(user);
    });
  }

  async update(actor: Actor, id: number, dto: UpdateUserDto): Promise<UserDto> {
    const passwordHash = dto.password === undefined ? undefined : await hashPassword(dto.password);
    return this.transactions.run(async (manager) => {
      const users = manager.getRepository(User);
      const before = await users.findOneBy({ id });
      if (!before) throw userNotFound(id);
      const changes: Partial<User> = {};
      if (dto.active !== undefined) changes.active = dto.active;
      if (passwordHash !== undefined) changes.passwordHash = passwordHash;
      if (Object.keys(changes).length) await users.update({ id }, changes);
      const after = await users.findOneByOrFail({ id });
      await this.audit.record(manager, actor, {
        action: 'user.update',
        entityType: 'user',
        entityId: id,
        before: auditView(before),
        after: { ...auditView(after), passwordChanged: passwordHash !== undefined },
      });
      return toDto(after);
    });
  }

  async list(query: ListUsersQuery): Promise<Page<UserDto>> {
    const [rows, total] = await this.dataSource
      .getRepository(User)
      .findAndCount({ order: { id: 'ASC' }, take: query.limit, skip: query.offset });
    return { items: rows.map(toDto), total, limit: query.limit, offset: query.offset };
  }

  async get(id: number): Promise<UserDto> {
    const user = await this.dataSource.getRepository(User).findOneBy({ id });
    if (!user) throw userNotFound(id);
    return toDto(user);
  }
}
