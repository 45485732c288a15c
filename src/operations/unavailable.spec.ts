import { describe, expect, it } from '@jest/globals';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { unavailableDependency } from './unavailable';

describe('which dependency an error says is down (503, not 500)', () => {
  it('a refused or lost database connection, also when TypeORM reports it as a released query runner', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    expect(unavailableDependency(refused)).toBe('database');
    expect(unavailableDependency(new QueryFailedError('SELECT 1', [], new Error('Connection terminated unexpectedly')))).toBe('database');
    expect(unavailableDependency(new QueryRunnerProviderAlreadyReleasedError())).toBe('database');
    expect(unavailableDependency(new QueryRunnerAlreadyReleasedError())).toBe('database');
  });

  it('Redis going away, and nothing else', () => {
    expect(unavailableDependency(new Error('Connection is closed.'))).toBe('redis');
    expect(unavailableDependency(new Error('duplicate key value violates unique constraint'))).toBeNull();
    expect(unavailableDependency(new TypeError("Cannot read properties of undefined (reading 'id')"))).toBeNull();
  });
});
