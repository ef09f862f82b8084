import {
  BlueprintCoverage,
  BlueprintCreate,
  BlueprintList,
  BlueprintListQuery,
  BlueprintView,
  IdParams,
} from '@anzheng/contracts';
import { Type } from '@sinclair/typebox';
import type { HttpServer } from '../../http.ts';
import { requireActor } from '../../plugins/auth.ts';
import { errorResponses } from '../../plugins/openapi.ts';
import type { BlueprintService } from './blueprint.service.ts';

/** 考试蓝图 API (docs/exam.md §Blueprints). */
export function registerBlueprintRoutes(app: HttpServer, blueprints: BlueprintService): void {
  const tags = ['exam-blueprints'];

  app.post(
    '/api/v1/blueprints',
    {
      schema: {
        tags,
        summary: '制定考试蓝图（国家级监管部门；同一标识再次提交即生成新版本）',
        description:
          '按证书类型、等级与模块组合（基础模块 + 行业模块，REQ-TYPE-2）定义各部分题型、每题分值和抽题配额' +
          '（能力项 K/S/Q 或具体编号、难度档、模块，REQ-TYPE-4）。省略 sections 时采用全国机考默认结构：' +
          '判断 20×1、单选 40×1、多选 10×2、案例 2×10，共 100 分、120 分钟；合格线默认取规则参数 exam.pass_rules。',
        body: BlueprintCreate,
        response: { 200: BlueprintView, ...errorResponses },
      },
    },
    async (request) => blueprints.create(requireActor(request), request.body),
  );

  app.get(
    '/api/v1/blueprints',
    {
      schema: {
        tags,
        summary: '考试蓝图列表（考评员、监管部门）',
        querystring: BlueprintListQuery,
        response: { 200: BlueprintList, ...errorResponses },
      },
    },
    async (request) => blueprints.list(requireActor(request), request.query),
  );

  app.get(
    '/api/v1/blueprints/:id',
    {
      schema: {
        tags,
        summary: '考试蓝图详情',
        params: IdParams,
        response: { 200: BlueprintView, ...errorResponses },
      },
    },
    async (request) => blueprints.get(requireActor(request), request.params.id),
  );

  app.get(
    '/api/v1/blueprints/:id/coverage',
    {
      schema: {
        tags,
        summary: '题库覆盖检查：每个配额需要多少道、题库中有多少道可用的已通过试题',
        params: IdParams,
        response: { 200: BlueprintCoverage, ...errorResponses },
      },
    },
    async (request) => blueprints.coverage(requireActor(request), request.params.id),
  );

  app.post(
    '/api/v1/blueprints/:id/:action',
    {
      schema: {
        tags,
        summary: 'activate 启用（同标识其他版本停用）· retire 停用（国家级监管部门）',
        params: Type.Object({
          id: Type.String({ format: 'uuid' }),
          action: Type.Union([Type.Literal('activate'), Type.Literal('retire')]),
        }),
        response: { 200: BlueprintView, ...errorResponses },
      },
    },
    async (request) =>
      blueprints.setState(
        requireActor(request),
        request.params.id,
        request.params.action === 'activate' ? 'active' : 'retired',
      ),
  );
}
