export { DivisionNotFoundError, UnknownDivisionError } from './jurisdiction.errors.ts';
export type { DivisionRow } from './jurisdiction.repository.ts';
export { countDivisions, upsertDivisions } from './jurisdiction.repository.ts';
export { registerJurisdictionRoutes } from './jurisdiction.routes.ts';
export {
  type AssertDivisionOptions,
  createDivisionService,
  type DivisionService,
  NATIONAL_NAME,
} from './jurisdiction.service.ts';
export { DIVISION_SOURCE, divisionSourceRows } from './jurisdiction.source.ts';
