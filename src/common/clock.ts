import { Injectable } from '@nestjs/common';

/** The time, injectable so tests can freeze it (overdue reports, due dates). */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  /** Today as YYYY-MM-DD (UTC). */
  today(): string {
    return this.now().toISOString().slice(0, 10);
  }
}

/** A clock that stands still: for tests and for replaying a computation "as of" a date. */
export class FixedClock extends Clock {
  constructor(private instant: Date) {
    super();
  }

  override now(): Date {
    return new Date(this.instant.getTime());
  }

  set(instant: Date): void {
    this.instant = instant;
  }
}
