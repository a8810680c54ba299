/**
 * The shift's two charts, drawn by Apache ECharts: calls per hour (bar) and
 * the categories breakdown (pie). Only the bar and pie charts, the grid and
 * tooltip components and the SVG renderer are imported from `echarts/core`,
 * so the renderer bundle carries a fraction of the library; its zh-CN
 * locale is built in.
 */
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption, EChartsType } from 'echarts/core';
import type { BarSeriesOption, PieSeriesOption } from 'echarts/charts';
import type { GridComponentOption, TooltipComponentOption } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import type { CountByName, HourCount } from '../../../main/contract/index.js';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, SVGRenderer]);

type ChartOption = ComposeOption<BarSeriesOption | PieSeriesOption | GridComponentOption | TooltipComponentOption>;

function Chart({ option, label, testId, language }: { option: ChartOption; label: string; testId: string; language: 'zh-CN' | 'en' }) {
  const box = useRef<HTMLDivElement | null>(null);
  const chart = useRef<EChartsType | null>(null);
  useEffect(() => {
    if (!box.current) return;
    const instance = echarts.init(box.current, undefined, { renderer: 'svg', locale: language === 'en' ? 'EN' : 'ZH' });
    chart.current = instance;
    const resize = () => instance.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      instance.dispose();
      chart.current = null;
    };
  }, [language]);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option, language]);
  return <div ref={box} className="shift-chart" role="img" aria-label={label} data-testid={testId} />;
}

export function CallsPerHourChart({ hours, label, language }: { hours: readonly HourCount[]; label: string; language: 'zh-CN' | 'en' }) {
  const option: ChartOption = {
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 36, right: 12, top: 16, bottom: 28 },
    xAxis: { type: 'category', data: hours.map((h) => `${String(new Date(h.hourStart).getHours()).padStart(2, '0')}:00`) },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', name: label, data: hours.map((h) => h.count), barMaxWidth: 36, itemStyle: { color: '#2f6fb3' } }],
  };
  return <Chart option={option} label={label} testId="chart-calls-per-hour" language={language} />;
}

export function CategoriesChart({ categories, label, language }: { categories: readonly CountByName[]; label: string; language: 'zh-CN' | 'en' }) {
  const option: ChartOption = {
    animation: false,
    tooltip: { trigger: 'item' },
    series: [
      {
        type: 'pie',
        name: label,
        radius: ['35%', '70%'],
        data: categories.map((c) => ({ name: c.name, value: c.count })),
        label: { formatter: '{b} {c}' },
      },
    ],
  };
  return <Chart option={option} label={label} testId="chart-categories" language={language} />;
}
