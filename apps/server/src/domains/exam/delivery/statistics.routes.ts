import { DeliveryIdParams, SessionStatisticsView } from '@anzheng/contracts';
import type { HttpServer } from '../../../http.ts';
import { requireActor } from '../../../plugins/auth.ts';
import { errorResponses } from '../../../plugins/openapi.ts';
import type { StatisticsService } from './statistics.service.ts';

/** HTTP of the session statistics (docs/exam-delivery.md §Statistics API). */
export function registerStatisticsRoutes(app: HttpServer, statistics: StatisticsService): void {
  app.get(
    '/api/v1/exam-sessions/:id/statistics',
    {
      schema: {
        tags: ['exam-grading'],
        summary: '场次试卷与试题统计（监考辖区内的监管人员、考评员）：难度、区分度、信度、干扰项分析',
        description:
          '统计该场次每份已评完的答卷（自动评分与阅卷员最终给分），每个试题版本一项，口径同 Moodle 测验统计' +
          '（docs/exam-analysis.md）。scores 为各答卷总分（直方图）；pendingAttempts 为已交卷但尚未评完的答卷数。' +
          '无答卷时返回 attempts 0 与 null。不含答案、参考答案。',
        params: DeliveryIdParams,
        response: { 200: SessionStatisticsView, ...errorResponses },
      },
    },
    async (request) => statistics.sessionStatistics(requireActor(request), request.params.id),
  );
}
