import { type Static, Type } from '@sinclair/typebox';

export const DatabaseKind = Type.Union([Type.Literal('pglite'), Type.Literal('postgresql')]);
export type DatabaseKind = Static<typeof DatabaseKind>;

export const HealthResponse = Type.Object(
  {
    status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
    database: DatabaseKind,
    version: Type.String(),
    uptimeSeconds: Type.Integer({ minimum: 0 }),
  },
  { $id: 'HealthResponse' },
);
export type HealthResponse = Static<typeof HealthResponse>;
