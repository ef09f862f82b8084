import { type Static, Type } from '@sinclair/typebox';
import type { HttpServer } from '../../http.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import { CheckpointNotFoundError } from './ledger.errors.ts';
import type { LedgerService } from './ledger.service.ts';

const Base64Hash = Type.String({ description: 'SHA-256 哈希（标准 base64）', contentEncoding: 'base64' });

const Binary = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

export const LogInfo = Type.Object(
  {
    origin: Type.String({ description: '检查点首行（C2SP tlog-checkpoint origin）' }),
    verifierKey: Type.String({ description: '检查点签名公钥（C2SP signed-note 验证密钥格式）' }),
    size: Type.Integer({ minimum: 0, description: '最新检查点的树大小' }),
    checkpoint: Type.String({ description: '最新的已签名检查点' }),
  },
  { additionalProperties: false },
);

const InclusionQuery = Type.Object(
  {
    index: Type.Integer({ minimum: 0, description: '条目在树中的位置' }),
    treeSize: Type.Optional(Type.Integer({ minimum: 1, description: '树大小，默认为最新检查点' })),
  },
  { additionalProperties: false },
);

export const InclusionProofResponse = Type.Object(
  {
    index: Type.Integer(),
    treeSize: Type.Integer(),
    leafHash: Base64Hash,
    rootHash: Base64Hash,
    hashes: Type.Array(Base64Hash, { description: 'RFC 9162 §2.1.3.1 审计路径，自叶向根' }),
    checkpoint: Type.Optional(Type.String({ description: '当 treeSize 为最新检查点时附上该检查点' })),
  },
  { additionalProperties: false },
);

const ConsistencyQuery = Type.Object(
  {
    from: Type.Integer({ minimum: 1 }),
    to: Type.Optional(Type.Integer({ minimum: 1, description: '默认为最新检查点' })),
  },
  { additionalProperties: false },
);

export const ConsistencyProofResponse = Type.Object(
  {
    from: Type.Integer(),
    to: Type.Integer(),
    hashes: Type.Array(Base64Hash, { description: 'RFC 9162 §2.1.4.1 一致性证明' }),
  },
  { additionalProperties: false },
);

const b64 = (h: Uint8Array): string => Buffer.from(h.buffer, h.byteOffset, h.byteLength).toString('base64');

const IMMUTABLE = 'public, max-age=31536000, immutable';
/** A partial tile never changes either, but logs may drop it once the full tile exists. */
const PARTIAL = 'public, max-age=60';

/**
 * The public transparency-log API (DESIGN §4): the C2SP tlog-tiles read API under `/log/`
 * (plain files any tlog client can fetch) and JSON helpers under `/api/v1/log/`. No login.
 */
export function registerLedgerRoutes(app: HttpServer, ledger: LedgerService): void {
  app.get(
    '/log/checkpoint',
    {
      schema: {
        tags: ['log'],
        summary: '最新的已签名检查点（C2SP signed-note + tlog-checkpoint）',
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (_request, reply) => {
      const latest = await ledger.latestCheckpoint();
      if (!latest) throw new CheckpointNotFoundError();
      return reply.header('cache-control', 'no-cache').type('text/plain; charset=utf-8').send(latest.note);
    },
  );

  app.get(
    '/log/tile/*',
    {
      schema: {
        tags: ['log'],
        summary: '哈希瓦片 tile/<L>/<N>[.p/<W>] 或条目包 tile/entries/<N>[.p/<W>]（C2SP tlog-tiles）',
        params: Type.Object({ '*': Type.String() }),
        produces: ['application/octet-stream'],
        response: { 200: Binary, ...errorResponses },
      },
    },
    async (request, reply) => {
      const { tile, data } = await ledger.readTile(`tile/${request.params['*']}`);
      return reply
        .header('cache-control', tile.width === 256 ? IMMUTABLE : PARTIAL)
        .type('application/octet-stream')
        .send(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
    },
  );

  app.get(
    '/.well-known/anzheng/log-key',
    {
      schema: {
        tags: ['log'],
        summary: '检查点签名公钥（C2SP signed-note 验证密钥）',
        produces: ['text/plain'],
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (_request, reply) =>
      reply
        .header('cache-control', 'public, max-age=3600')
        .type('text/plain; charset=utf-8')
        .send(`${ledger.verifierKey}\n`),
  );

  app.get(
    '/api/v1/log/info',
    {
      config: { public: true },
      schema: {
        tags: ['log'],
        summary: '透明日志概况：origin、验证公钥、最新检查点',
        response: { 200: LogInfo, ...errorResponses },
      },
    },
    async (_request, reply) => {
      const latest = await ledger.latestCheckpoint();
      if (!latest) throw new CheckpointNotFoundError();
      reply.header('cache-control', 'no-cache');
      return {
        origin: ledger.origin,
        verifierKey: ledger.verifierKey,
        size: latest.treeSize,
        checkpoint: latest.note,
      } satisfies Static<typeof LogInfo>;
    },
  );

  app.get(
    '/api/v1/log/proofs/inclusion',
    {
      config: { public: true },
      schema: {
        tags: ['log'],
        summary: '包含证明：位置 index 的条目在大小为 treeSize 的树中',
        querystring: InclusionQuery,
        response: { 200: InclusionProofResponse, ...errorResponses },
      },
    },
    async (request) => {
      const proof = await ledger.getInclusionProof({ index: request.query.index }, request.query.treeSize);
      return {
        index: proof.index,
        treeSize: proof.treeSize,
        leafHash: b64(proof.leafHash),
        rootHash: b64(proof.rootHash),
        hashes: proof.hashes.map(b64),
        ...(proof.checkpoint ? { checkpoint: proof.checkpoint } : {}),
      };
    },
  );

  app.get(
    '/api/v1/log/proofs/consistency',
    {
      config: { public: true },
      schema: {
        tags: ['log'],
        summary: '一致性证明：大小为 from 的树是大小为 to 的树的前缀',
        querystring: ConsistencyQuery,
        response: { 200: ConsistencyProofResponse, ...errorResponses },
      },
    },
    async (request) => {
      const proof = await ledger.getConsistencyProof(request.query.from, request.query.to);
      return { from: proof.from, to: proof.to, hashes: proof.hashes.map(b64) };
    },
  );
}
