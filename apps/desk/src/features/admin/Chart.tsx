import { useEffect, useId, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  label: string;
  values: (number | null)[];
}

// each series differs by dash pattern and point shape as well as colour (readable without colour)
const STYLES: { stroke: string; dash: number[]; points: number }[] = [
  { stroke: '#0b4f8a', dash: [], points: 6 },
  { stroke: '#a4000f', dash: [8, 4], points: 8 },
  { stroke: '#2e6b00', dash: [2, 3], points: 5 },
  { stroke: '#6b3fa0', dash: [12, 3, 2, 3], points: 7 },
];
export const styleOf = (i: number) => STYLES[i % STYLES.length]!;
export const DASH_WORDS = ['solid line', 'dashed line', 'dotted line', 'dash-dot line'];

/**
 * A line chart (uPlot) of values per day, with a table of the same numbers for screen readers
 * and for anyone who would rather read than look: the chart is an image of the table.
 */
export function DayChart({ title, days, series, axis = 'per day' }: { title: string; days: string[]; series: Series[]; axis?: string }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = box.current;
    if (!el || !days.length) return;
    const xs = days.map((d) => Date.parse(`${d}T00:00:00Z`) / 1000);
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 800),
        height: 260,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'UTC'),
        series: [
          {},
          ...series.map((s, i) => {
            const st = styleOf(i);
            return { label: `${s.label} (${DASH_WORDS[i % DASH_WORDS.length]})`, stroke: st.stroke, width: 2, dash: st.dash, points: { show: true, size: st.points } };
          }),
        ],
        axes: [{}, { label: axis }],
        // the days asked and half a day either side (one day alone was stretched over years)
        scales: { x: { time: true, auto: false, range: (): uPlot.Range.MinMax => [xs[0]! - 43_200, xs[xs.length - 1]! + 43_200] } },
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [days, series, axis]);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      <div ref={box} aria-hidden="true" className="chart-plot" />
      <details>
        <summary>The numbers</summary>
        <table className="chart-table" aria-label={`${title}: the numbers`}>
          <thead>
            <tr>
              <th scope="col">Day (UTC)</th>
              {series.map((s) => (
                <th key={s.label} scope="col">
                  {s.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d, i) => (
              <tr key={d}>
                <th scope="row">{d}</th>
                {series.map((s) => (
                  <td key={s.label}>{s.values[i] ?? ''}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </figure>
  );
}

/** Bars told apart by fill as well as colour: solid, then outlined with a dashed edge. */
const BAR_STYLES = [
  { fill: '#0b4f8a', stroke: '#0b4f8a', dash: [] as number[], words: 'filled bars' },
  { fill: '#ffffff', stroke: '#1b1b1b', dash: [4, 2], words: 'outlined bars' },
];

/**
 * Grouped bars (uPlot) of a few numbers per category, with the same numbers as a table below
 * it: the chart is an image of the table, so nothing depends on seeing it (or its colours).
 */
export function BarChart({ title, what, categories, series }: { title: string; what: string; categories: string[]; series: Series[] }) {
  const box = useRef<HTMLDivElement>(null);
  const titleId = useId();
  useEffect(() => {
    const el = box.current;
    if (!el || !categories.length) return;
    const n = series.length;
    const bars = uPlot.paths.bars!;
    const plot = new uPlot(
      {
        width: Math.max(320, el.clientWidth || 800),
        height: 240,
        series: [
          { label: what, value: (_u: uPlot, i: number | null) => (i === null ? '--' : (categories[i] ?? '--')) },
          ...series.map((s, i) => {
            const st = BAR_STYLES[i % BAR_STYLES.length]!;
            // side by side within the category: shift each series by its share of the slot
            return {
              label: `${s.label} (${st.words})`,
              fill: st.fill,
              stroke: st.stroke,
              dash: st.dash,
              width: 2,
              paths: bars({ size: [0.8 / n, 60], align: (n === 1 ? 0 : i === 0 ? -1 : 1) as -1 | 0 | 1 }),
              points: { show: false },
            };
          }),
        ],
        scales: { x: { time: false, range: [-0.5, categories.length - 0.5] } },
        axes: [
          {
            splits: () => categories.map((_, i) => i),
            values: (_u, ticks) =>
              ticks.map((t) => {
                const c = categories[t] ?? '';
                return c.length > 18 ? `${c.slice(0, 17)}…` : c;
              }),
          },
          { label: 'count', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10000, 100000] },
        ],
      },
      [categories.map((_, i) => i), ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [categories, series, what]);
  return (
    <figure className="chart" aria-labelledby={titleId}>
      <figcaption id={titleId}>{title}</figcaption>
      <div ref={box} aria-hidden="true" className="chart-plot" />
    </figure>
  );
}
