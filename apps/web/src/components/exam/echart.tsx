import type { EChartsCoreOption } from 'echarts/core';
import * as echarts from 'echarts/core';
import { useEffect, useRef } from 'react';

/**
 * A minimal ECharts host: init on mount, setOption on change, resize with the box, dispose on
 * unmount. (echarts-for-react/esm/core imports `tslib`, which is not resolvable from the
 * workspace root, so the build cannot use it; echarts itself is fine.) Callers register the
 * echarts components they use with `echarts.use` (never the full bundle).
 */
export function EChart({
  option,
  className,
  testId,
}: {
  option: EChartsCoreOption;
  className?: string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | undefined>(undefined);
  useEffect(() => {
    if (!host.current) return;
    const instance = echarts.init(host.current);
    chart.current = instance;
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(host.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = undefined;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);
  return <div ref={host} className={className} data-testid={testId} />;
}
