import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';

/**
 * Login attempts are limited per client address (LOGIN_RATE_LIMIT per LOGIN_RATE_WINDOW_SECONDS),
 * counted together for every sign-in route (bearer login and browser session), so switching routes gains nothing.
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override async getTracker(request: Record<string, unknown>): Promise<string> {
    return String(request.ip ?? 'unknown');
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, name: string): string {
    return `sign-in:${name}:${tracker}`;
  }
}
