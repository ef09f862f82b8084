import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Descriptions, Empty, Skeleton, Table, type TableColumnsType, Tag } from 'antd';
import { BarChart, ScatterChart } from 'echarts/charts';
import { GridComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useTranslation } from 'react-i18next';
import { ApiError, api } from '../../../api/client.ts';
import { EChart } from '../../../components/exam/echart.tsx';
import { histogram } from '../../../components/exam/histogram.ts';

// Only what these two plots use (never the full bundle).
echarts.use([BarChart, ScatterChart, GridComponent, TooltipComponent, MarkLineComponent, CanvasRenderer]);

/**
 * Per-session statistics (docs/exam-analysis.md §1: Moodle's quiz statistics). Expected from
 * `GET /api/v1/exam-sessions/:id/statistics`: the analysis module's ExamStatistics plus the
 * candidates' paper totals (`scores`) for the histogram.
 */
interface ItemStats {
  itemId: string;
  ref?: string;
  attempts: number;
  maxMark: number;
  facilityIndex: number | null;
  discriminationIndex: number | null;
  discriminativeEfficiency: number | null;
  standardDeviation: number | null;
  flags: string[];
}
interface SessionStatistics {
  test: {
    attempts: number;
    itemCount: number;
    maxTotal: number;
    averagePercent: number | null;
    medianPercent: number | null;
    standardDeviationPercent: number | null;
    skewness: number | null;
    kurtosis: number | null;
    internalConsistency: number | null;
    internalConsistencyKind: string | null;
    errorRatio: number | null;
    standardErrorPercent: number | null;
  };
  items: ItemStats[];
  scores?: number[];
}

const pct = (n: number | null | undefined, digits = 2) =>
  n === null || n === undefined ? '—' : `${n.toFixed(digits)}%`;
const num = (n: number | null | undefined) => (n === null || n === undefined ? '—' : n.toFixed(4));

export function StatisticsPanel({ sessionId }: { sessionId: string }) {
  const { t } = useTranslation();
  const stats = useQuery({
    meta: { silent: true },
    queryKey: ['exam', 'statistics', sessionId],
    retry: false,
    queryFn: ({ signal }) =>
      api.get<SessionStatistics>(`/api/v1/exam-sessions/${sessionId}/statistics`, { signal }),
  });
  if (stats.isPending) return <Skeleton active />;
  if (stats.isError) {
    const notThere = stats.error instanceof ApiError && stats.error.statusCode === 404;
    return (
      <Alert
        type={notThere ? 'info' : 'error'}
        showIcon
        message={notThere ? t('exam.stats.unavailable') : stats.error.message}
      />
    );
  }
  const s = stats.data;
  if (s.test.attempts === 0) return <Empty description={t('exam.stats.none')} />;
  const columns: TableColumnsType<ItemStats> = [
    { title: t('exam.stats.item'), key: 'ref', render: (_, i) => i.ref ?? i.itemId.slice(0, 8), width: 90 },
    { title: t('exam.stats.attempts'), dataIndex: 'attempts', width: 80 },
    { title: t('exam.stats.facility'), key: 'f', width: 100, render: (_, i) => pct(i.facilityIndex) },
    { title: t('exam.stats.sd'), key: 'sd', width: 100, render: (_, i) => pct(i.standardDeviation) },
    {
      title: t('exam.stats.discrimination'),
      key: 'd',
      width: 110,
      render: (_, i) => pct(i.discriminationIndex),
    },
    {
      title: t('exam.stats.efficiency'),
      key: 'e',
      width: 110,
      render: (_, i) => pct(i.discriminativeEfficiency),
    },
    {
      title: t('exam.stats.flags'),
      key: 'flags',
      render: (_, i) =>
        i.flags.map((f) => (
          <Tag key={f} color="red">
            {t(`exam.stats.flag.${f}`, f)}
          </Tag>
        )),
    },
  ];
  const bins = histogram(s.scores ?? [], s.test.maxTotal, 10);
  const histogramOption = {
    grid: { left: 40, right: 16, top: 24, bottom: 40 },
    tooltip: {},
    xAxis: {
      type: 'category',
      data: bins.map((b) => b.label),
      name: t('exam.stats.score'),
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', minInterval: 1, name: t('exam.stats.candidates') },
    series: [{ type: 'bar', data: bins.map((b) => b.count), itemStyle: { color: '#1677ff' } }],
  };
  const scatterOption = {
    grid: { left: 48, right: 16, top: 24, bottom: 40 },
    tooltip: {
      formatter: (p: { data: [number, number, string] }) =>
        `${p.data[2]}<br/>F ${p.data[0].toFixed(1)}% · D ${p.data[1].toFixed(1)}%`,
    },
    xAxis: {
      type: 'value',
      min: 0,
      max: 100,
      name: t('exam.stats.facility'),
      nameLocation: 'middle',
      nameGap: 28,
    },
    yAxis: { type: 'value', min: -100, max: 100, name: t('exam.stats.discrimination') },
    series: [
      {
        type: 'scatter',
        symbolSize: 10,
        data: s.items
          .filter((i) => i.facilityIndex !== null && i.discriminationIndex !== null)
          .map((i) => [i.facilityIndex, i.discriminationIndex, i.ref ?? i.itemId.slice(0, 8)]),
        itemStyle: { color: '#fa8c16' },
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ yAxis: 30 }],
          lineStyle: { type: 'dashed', color: '#cf1322' },
        },
      },
    ],
  };
  return (
    <div data-testid="exam-statistics">
      <Card size="small" title={t('exam.stats.test')} className="az-exam-filters">
        <Descriptions size="small" column={{ xs: 1, sm: 2, lg: 4 }}>
          <Descriptions.Item label={t('exam.stats.attempts')}>{s.test.attempts}</Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.average')}>{pct(s.test.averagePercent)}</Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.median')}>{pct(s.test.medianPercent)}</Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.sd')}>
            {pct(s.test.standardDeviationPercent)}
          </Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.skewness')}>{num(s.test.skewness)}</Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.kurtosis')}>{num(s.test.kurtosis)}</Descriptions.Item>
          <Descriptions.Item label={`${t('exam.stats.cic')} (${s.test.internalConsistencyKind ?? '—'})`}>
            {pct(s.test.internalConsistency)}
          </Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.errorRatio')}>{pct(s.test.errorRatio)}</Descriptions.Item>
          <Descriptions.Item label={t('exam.stats.standardError')}>
            {pct(s.test.standardErrorPercent)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      <div className="az-exam-two az-exam-filters">
        <Card size="small" title={t('exam.stats.histogram')}>
          <EChart option={histogramOption} className="az-exam-chart" testId="score-histogram" />
        </Card>
        <Card size="small" title={t('exam.stats.scatter')}>
          <EChart option={scatterOption} className="az-exam-chart" testId="facility-scatter" />
        </Card>
      </div>
      <Table<ItemStats>
        rowKey="itemId"
        size="small"
        columns={columns}
        dataSource={s.items}
        pagination={false}
        scroll={{ x: 800 }}
      />
    </div>
  );
}
