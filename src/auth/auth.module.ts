import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { ThrottlerModule } from '@nestjs/throttler';
import { RedisThrottlerStorage } from '../operations/shared-state';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { OfficerBasicAuth } from './officer-basic-auth';
import { SessionCookies } from './session-cookies';

@Module({
  imports: [
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: config.jwt.secret,
        signOptions: { algorithm: 'HS256', expiresIn: config.jwt.expiresInSeconds },
        verifyOptions: { algorithms: ['HS256'] },
      }),
    }),
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'login', limit: config.loginRateLimit.attempts, ttl: config.loginRateLimit.windowSeconds * 1000 }],
        // With Redis the limit counts across every API instance; without it, per process.
        ...(config.redisUrl ? { storage: new RedisThrottlerStorage(config.redisUrl, `mpsc:${config.jobs.queueName}:throttle`) } : {}),
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthGuard, OfficerBasicAuth, SessionCookies, { provide: APP_GUARD, useExisting: AuthGuard }],
  exports: [AuthService, AuthGuard, OfficerBasicAuth, SessionCookies],
})
export class AuthModule {}
