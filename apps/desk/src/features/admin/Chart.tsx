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
export function DayChart({ title, days, series }: { title: string; days: string[]; series: Series[] }) {
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
        axes: [{}, { label: 'per day' }],
        scales: { x: { time: true } },
      },
      [xs, ...series.map((s) => s.values)] as uPlot.AlignedData,
      el,
    );
    return () => plot.destroy();
  }, [days, series]);
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
