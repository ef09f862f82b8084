import { DivisionDetail, DivisionList, DivisionListQuery, DivisionParams } from '@anzheng/contracts';
import type { HttpServer } from '../../http.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { DivisionService } from './jurisdiction.service.ts';

/** Public reference data: no login (the console's division picker, public pages). */
export function registerJurisdictionRoutes(app: HttpServer, divisions: DivisionService): void {
  app.get(
    '/api/v1/divisions',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: '行政区划列表',
        description:
          '不带参数列出省级区划；`parent` 列出其直接下级（`000000` 同样列出省级）；`q` 按名称搜索' +
          '（前缀优先，再包含，最多 20 条；与 `parent` 同用时限于其辖区）。默认不含已撤销区划。数据来自 GB/T 2260。',
        querystring: DivisionListQuery,
        response: { 200: DivisionList, ...errorResponses },
      },
    },
    async (request) => ({ items: await divisions.list(request.query) }),
  );

  app.get(
    '/api/v1/divisions/:code',
    {
      config: { public: true },
      schema: {
        tags: ['reference'],
        summary: '行政区划详情',
        description: '含从省级到本区划的路径。未知代码返回 404 `DIVISION_NOT_FOUND`。',
        params: DivisionParams,
        response: { 200: DivisionDetail, ...errorResponses },
      },
    },
    async (request) => divisions.get(request.params.code),
  );
}
