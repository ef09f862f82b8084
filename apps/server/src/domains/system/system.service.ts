import type { HealthResponse } from '@anzheng/contracts';
import type { DatabaseHandle } from '@anzheng/db';
import { VERSION } from '../../version.ts';

export interface SystemService {
  health(): Promise<HealthResponse>;
}

/**
 * Health probes arrive from load balancers and every open browser tab; one database ping
 * answers all probes within `probeTtlMs`, so the endpoint reports the database state at most
 * that stale without putting a query behind every request.
 */
export function createSystemService(
  database: DatabaseHandle,
  startedAt = Date.now(),
  probeTtlMs = 500,
): SystemService {
  let probe: { at: number; result: Promise<boolean> } | undefined;
  const databaseAnswers = () => {
    const now = Date.now();
    if (!probe || now - probe.at > probeTtlMs) {
      probe = {
        at: now,
        result: database.ping(1_500).then(
          () => true,
          () => false,
        ),
      };
    }
    return probe.result;
  };
  return {
    async health() {
      const status: HealthResponse['status'] = (await databaseAnswers()) ? 'ok' : 'degraded';
      return {
        status,
        database: database.kind,
        version: VERSION,
        uptimeSeconds: Math.floor((Date.now() - startedAt) / 1000),
      };
    },
  };
}
