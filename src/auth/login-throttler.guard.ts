import { Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/** Login attempts are limited per client address (LOGIN_RATE_LIMIT per LOGIN_RATE_WINDOW_SECONDS). */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return String(request.ip ?? 'unknown');
  }
}
