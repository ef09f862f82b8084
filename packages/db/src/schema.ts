import { applicationSpec } from './tables/application.ts';
import { auditSpec } from './tables/audit.ts';
import { certificateSpec } from './tables/certificate.ts';
import { examSpec } from './tables/exam.ts';
import { examDeliverySpec } from './tables/exam-delivery.ts';
import { foundationSpec } from './tables/foundation.ts';
import { identitySpec } from './tables/identity.ts';
import { jobsSpec } from './tables/jobs.ts';
import { ledgerSpec } from './tables/ledger.ts';
import { referenceSpec } from './tables/reference.ts';
import { registrySpec } from './tables/registry.ts';
import type { TablesSpec } from './tables/spec.ts';
import type { Database } from './types.ts';

export type { ColumnSpec, PgType, TableSpec } from './tables/spec.ts';

/** Every table's columns (see tables/spec.ts); compared with the migrated database in schema.test.ts. */
export const schemaSpec: TablesSpec<Database> = {
  ...foundationSpec,
  ...identitySpec,
  ...auditSpec,
  ...referenceSpec,
  ...ledgerSpec,
  ...registrySpec,
  ...jobsSpec,
  ...applicationSpec,
  ...certificateSpec,
  ...examSpec,
  ...examDeliverySpec,
};
