import type { HealthResponse } from '@anzheng/contracts';
import type { DatabaseHandle } from '@anzheng/db';
import { VERSION } from '../../version.ts';

export interface SystemService {
  health(): Promise<HealthResponse>;
}

export function createSystemService(database: DatabaseHandle, startedAt = Date.now()): SystemService {
  return {
    async health() {
      let status: HealthResponse['status'] = 'ok';
      try {
        await database.ping(1_500);
      } catch {
        status = 'degraded';
      }
      return {
        status,
        database: database.kind,
        version: VERSION,
        uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      };
    },
  };
}
