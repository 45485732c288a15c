import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { invalidCredentials } from './auth.errors';
import { TransactionService } from '../database/transaction.service';
import { User } from '../users/user.entity';
import type { Actor } from './actor';
import type { TokenPayload } from './auth.guard';
import { MeDto, TokenDto } from './auth.dto';
import { dummyHash, verifyPassword } from './passwords';

@Injectable()
export class AuthService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jwt: JwtService,
    private readonly transactions: TransactionService,
    private readonly audit: AuditService,
  ) {}

  /** A bearer token, or (`browser`) the token of a browser session, which sign-out ends. */
  async login(email: string, password: string, context: Actor, browser = false): Promise<TokenDto> {
    const normalized = email.trim().toLowerCase();
    const user = await this.dataSource
      .getRepository(User)
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('u.email = :email', { email: normalized })
      .getOne();
    const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash()), password);
    if (!user || !valid || !user.active) {
      await this.transactions.run((manager) =>
        this.audit.record(
          manager,
          { ...context, email: normalized },
          {
            action: 'auth.login_failed',
            entityType: 'user',
            entityId: user?.id ?? null,
            after: { email: normalized, reason: !user ? 'unknown_email' : !user.active ? 'inactive' : 'wrong_password' },
          },
        ),
      );
      throw invalidCredentials();
    }
    const actor: Actor = { ...context, userId: user.id, role: user.role, email: user.email, bodyId: user.bodyId };
    await this.transactions.run((manager) =>
      this.audit.record(manager, actor, { action: 'auth.login', entityType: 'user', entityId: user.id }),
    );
    const payload: TokenPayload = { sub: user.id, role: user.role, ...(browser ? { session: true, issuedMs: Date.now() } : {}) };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.jwt.expiresInSeconds,
    };
  }

  /** A browser session ends (DELETE /auth/session with a still-valid cookie). */
  /** Ends every browser session of the account issued up to now (their tokens are refused from then on; bearer tokens stay). */
  async logout(actor: Actor): Promise<void> {
    await this.transactions.run(async (manager) => {
      await manager.getRepository(User).update({ id: actor.userId as number }, { signedOutAtMs: Date.now() });
      await this.audit.record(manager, actor, { action: 'auth.logout', entityType: 'user', entityId: actor.userId });
    });
  }

  me(actor: Actor): MeDto {
    return { id: actor.userId as number, email: actor.email as string, role: actor.role as MeDto['role'], bodyId: actor.bodyId };
  }
}
