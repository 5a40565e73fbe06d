// The dashboard's charts, drawn as inline SVG: horizontal bars and columns,
// each bar labelled with its value, measured to the width they are given
// (readable from 320 px up), named for screen readers, and with the numbers
// as a table behind "Show as table". No inline styles (the CSP forbids
// them): sizes and rating colours are SVG presentation attributes.
import type { Ref } from 'preact';
import { useId, useLayoutEffect, useRef, useState } from 'preact/hooks';

export interface Datum {
  key: string;
  /** What the axis shows, short. */
  label: string;
  count: number;
  /** A rating's colour (#rrggbb); others are drawn in the desk's blue. */
  colour?: string | undefined;
  /** A fuller name for the table and tooltips ("Week of 3 Mar 2025"). */
  long?: string | undefined;
}

// ---------- Geometry and formatting (pure, tested) ----------

/** The smallest 1, 2 or 5 × 10^n at or above n (1 for 0 or less). */
export function niceCeiling(n: number): number {
  if (!(n > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(n));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= n - 1e-9) return step * power;
  }
  return 10 * power;
}

/**
 * The value axis for counts up to max: whole-number ticks from 0, at most
 * about maxTicks steps, and the top of the axis. All zero still gives an axis (0, 1).
 */
export function countAxis(max: number, maxTicks = 4): { top: number; ticks: number[] } {
  const step = Math.max(1, niceCeiling(Math.max(0, max) / maxTicks));
  const top = Math.max(step, Math.ceil(Math.max(0, max) / step) * step);
  const ticks: number[] = [];
  for (let t = 0; t <= top + 1e-9; t += step) ticks.push(t);
  return { top, ticks };
}

/** A bar's length: 0 for nothing, at least 2 px for anything, never past span; never NaN. */
export function barLength(value: number, top: number, span: number): number {
  if (!(value > 0) || !(top > 0) || !(span > 0)) return 0;
  return Math.min(span, Math.max(2, (value / top) * span));
}

/** n columns across width: each column's slot, its bar's width, and where a bar starts. */
export function columnSlots(n: number, width: number): { slot: number; bar: number; x(i: number): number } {
  const slot = n > 0 ? Math.max(0, width) / n : 0;
  const bar = Math.max(2, Math.min(40, slot * 0.64));
  return { slot, bar, x: (i) => i * slot + (slot - bar) / 2 };
}

/** About how wide a text is in the UI font (Inter averages ~0.58 em a character). */
export function textWidth(text: string, fontSize: number): number {
  return [...text].length * fontSize * 0.58;
}

/** Show every k-th axis label so that none overlaps: the smallest such k (1 when all fit). */
export function labelEvery(labels: readonly string[], slot: number, fontSize: number): number {
  if (labels.length === 0 || !(slot > 0)) return 1;
  const widest = Math.max(...labels.map((l) => textWidth(l, fontSize)));
  return Math.max(1, Math.ceil((widest + 6) / slot));
}

/** Shortens text with an ellipsis to fit width (the full text stays in the table and tooltip). */
export function fitText(text: string, width: number, fontSize: number): string {
  if (textWidth(text, fontSize) <= width) return text;
  const chars = [...text];
  const keep = Math.max(1, Math.floor(width / (fontSize * 0.58)) - 1);
  return chars.length <= keep ? text : `${chars.slice(0, keep).join('').trimEnd()}…`;
}

/**
 * A duration in hours as people say it, two units at most: "45 min",
 * "5 h 20 min", "1 d 4 h"; long: "1 day 4 hours". Null or nonsense: null.
 */
export function formatHours(hours: number | null | undefined, style: 'short' | 'long' = 'short'): string | null {
  if (hours === null || hours === undefined || !Number.isFinite(hours) || hours < 0) return null;
  const unit = (n: number, short: string, one: string) => (style === 'short' ? `${n} ${short}` : `${n} ${n === 1 ? one : `${one}s`}`);
  const minutes = Math.round(hours * 60);
  if (minutes < 1) return style === 'short' ? 'under 1 min' : 'under a minute';
  if (minutes < 60) return unit(minutes, 'min', 'minute');
  if (hours < 24) {
    const h = Math.floor(minutes / 60);
    const m = minutes % 60;
    if (h >= 24) return unit(1, 'd', 'day');
    return m ? `${unit(h, 'h', 'hour')} ${unit(m, 'min', 'minute')}` : unit(h, 'h', 'hour');
  }
  const total = Math.round(hours);
  const d = Math.floor(total / 24);
  const h = total % 24;
  return h ? `${unit(d, 'd', 'day')} ${unit(h, 'h', 'hour')}` : unit(d, 'd', 'day');
}

const weekShort = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
const weekLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** A week (its Monday, "2025-03-03") on an axis ("3 Mar") and in full ("Week of 3 Mar 2025"). */
export function weekLabels(date: string): { label: string; long: string } {
  const when = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  if (Number.isNaN(when.getTime())) return { label: date, long: date };
  return { label: weekShort.format(when), long: `Week of ${weekLong.format(when)}` };
}

const HEX = /^#[0-9a-fA-F]{6}$/;

/** A colour safe to draw with, or undefined for the default. */
export function chartColour(colour: string | undefined): string | undefined {
  return colour && HEX.test(colour) ? colour : undefined;
}

// ---------- Components ----------

/** The width the chart has to draw in, kept current as the page reflows. */
export function useWidth(fallback = 560): [Ref<HTMLDivElement>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(fallback);
  useLayoutEffect(() => {
    const element = ref.current;
    if (!element) return;
    const measure = () => {
      const w = Math.floor(element.getBoundingClientRect().width);
      if (w > 0) setWidth(w);
    };
    measure();
    if (typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(measure);
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

interface ChartProps {
  /** The chart's accessible name ("Verdicts by state"). */
  title: string;
  data: readonly Datum[];
  /** The table's column headings. */
  categoryName: string;
  valueName: string;
  testId?: string;
}

function summaryOf(data: readonly Datum[]): string {
  return data.map((d) => `${d.long ?? d.label}: ${d.count}`).join('; ') + '.';
}

/** The numbers behind a chart, for screen readers and anyone who wants them exact. */
function ChartTable({ title, data, categoryName, valueName }: ChartProps) {
  return (
    <details class="chart__details">
      <summary class="chart__summary">Show as table</summary>
      <table class="chart__table">
        <caption class="visually-hidden">{title}</caption>
        <thead>
          <tr>
            <th scope="col">{categoryName}</th>
            <th scope="col" class="chart__num">
              {valueName}
            </th>
          </tr>
        </thead>
        <tbody>
          {data.map((d) => (
            <tr key={d.key}>
              <th scope="row">{d.long ?? d.label}</th>
              <td class="chart__num">{d.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </details>
  );
}

const LABEL_FONT = 12.5;
const VALUE_FONT = 12;

/** Horizontal bars, one per category, in the order given, each with its value at its end. */
export function BarChart(props: ChartProps) {
  const [ref, width] = useWidth();
  const summaryId = useId();
  const { title, data, testId } = props;
  const max = Math.max(0, ...data.map((d) => d.count));
  const valueSpace = textWidth(String(max), VALUE_FONT) + 12;
  const widestLabel = Math.max(0, ...data.map((d) => textWidth(d.label, LABEL_FONT)));
  // Labels beside the bars while they fit in about two fifths of the width; above them otherwise.
  const narrow = width < 280 || widestLabel + 14 > width * 0.4;
  const labelWidth = narrow ? 0 : Math.min(widestLabel + 14, width * 0.38, 220);
  const span = Math.max(10, width - labelWidth - valueSpace);
  const rowHeight = narrow ? 42 : 30;
  const barHeight = narrow ? 14 : 16;
  const height = Math.max(rowHeight, data.length * rowHeight) + 4;
  return (
    <figure class="chart" data-testid={testId}>
      <div class="chart__canvas" ref={ref}>
        <svg class="chart__svg" role="img" aria-label={title} aria-describedby={summaryId} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
          {data.map((d, i) => {
            const top = i * rowHeight + 2;
            const barY = narrow ? top + 20 : top + (rowHeight - barHeight) / 2;
            const length = barLength(d.count, max, span);
            const colour = chartColour(d.colour);
            return (
              <g key={d.key}>
                <title>{`${d.long ?? d.label}: ${d.count}`}</title>
                {narrow ? (
                  <text class="chart__label" x={0} y={top + 13}>
                    {fitText(d.label, width - 4, LABEL_FONT)}
                  </text>
                ) : (
                  <text class="chart__label" x={labelWidth - 10} y={barY + barHeight / 2} text-anchor="end" dominant-baseline="central">
                    {fitText(d.label, labelWidth - 14, LABEL_FONT)}
                  </text>
                )}
                <rect
                  class={colour ? 'chart__bar chart__bar--rated' : 'chart__bar'}
                  x={labelWidth}
                  y={barY}
                  width={length}
                  height={barHeight}
                  rx={2}
                  {...(colour ? { fill: colour } : {})}
                />
                <text class={d.count ? 'chart__value' : 'chart__value chart__value--zero'} x={labelWidth + length + 6} y={barY + barHeight / 2} dominant-baseline="central">
                  {d.count}
                </text>
              </g>
            );
          })}
          {!narrow && <line class="chart__axis" x1={labelWidth + 0.5} x2={labelWidth + 0.5} y1={0} y2={height} />}
        </svg>
      </div>
      <p id={summaryId} class="visually-hidden">
        {summaryOf(data)}
      </p>
      <ChartTable {...props} />
    </figure>
  );
}

interface ColumnChartProps extends ChartProps {
  /** The value axis' name, written above it ("Claims"). */
  yLabel: string;
  /** The category axis' name, written under it ("Week starting"). */
  xLabel: string;
  /** Categories that cannot all be named at this width are drawn as horizontal bars instead of thinning the labels. */
  barsWhenCrowded?: boolean;
}

const AXIS_FONT = 11;

/** An axis label centred under its column, or held at an edge of the chart so that it is never cut off. */
export function edgeLabel(centre: number, labelWidth: number, left: number, right: number): { x: number; 'text-anchor': 'start' | 'middle' | 'end' } {
  if (centre + labelWidth / 2 > right) return { x: right, 'text-anchor': 'end' };
  if (centre - labelWidth / 2 < left) return { x: left, 'text-anchor': 'start' };
  return { x: centre, 'text-anchor': 'middle' };
}

/** Columns over a category axis (weeks, time buckets), with a value axis and gridlines. */
export function ColumnChart(props: ColumnChartProps) {
  const [ref, width] = useWidth();
  const summaryId = useId();
  const { title, data, yLabel, xLabel, barsWhenCrowded, testId } = props;
  const max = Math.max(0, ...data.map((d) => d.count));
  const axis = countAxis(max);
  const padLeft = Math.max(22, textWidth(String(axis.top), AXIS_FONT) + 10);
  const padRight = 4;
  const padTop = 30;
  const plotHeight = 150;
  const plotWidth = Math.max(10, width - padLeft - padRight);
  const slots = columnSlots(data.length, plotWidth);
  const every = labelEvery(
    data.map((d) => d.label),
    slots.slot,
    AXIS_FONT,
  );
  // The frame is measured whichever way the chart is drawn, so that it can
  // go back to columns when the page widens again.
  if (barsWhenCrowded && every > 1) {
    return (
      <div class="chart__frame" ref={ref}>
        <BarChart title={title} data={data} categoryName={props.categoryName} valueName={props.valueName} {...(testId ? { testId } : {})} />
      </div>
    );
  }
  const showValues = textWidth(String(max), VALUE_FONT) <= slots.slot + 2;
  const baseline = padTop + plotHeight;
  const height = baseline + 44;
  const y = (value: number) => baseline - barLength(value, axis.top, plotHeight);
  return (
    <div class="chart__frame" ref={ref}>
      <figure class="chart" data-testid={testId}>
        <div class="chart__canvas">
          <svg class="chart__svg" role="img" aria-label={title} aria-describedby={summaryId} width={width} height={height} viewBox={`0 0 ${width} ${height}`}>
            <text class="chart__axis-title" x={0} y={12}>
              {yLabel}
            </text>
            {axis.ticks.map((t) => {
              const ty = baseline - (t / axis.top) * plotHeight;
              return (
                <g key={t}>
                  <line class={t === 0 ? 'chart__axis' : 'chart__grid'} x1={padLeft} x2={width - padRight} y1={Math.round(ty) + 0.5} y2={Math.round(ty) + 0.5} />
                  <text class="chart__tick" x={padLeft - 6} y={ty} text-anchor="end" dominant-baseline="central">
                    {t}
                  </text>
                </g>
              );
            })}
            {data.map((d, i) => {
              const x = padLeft + slots.x(i);
              const top = y(d.count);
              const colour = chartColour(d.colour);
              const labelled = (data.length - 1 - i) % every === 0;
              return (
                <g key={d.key}>
                  <title>{`${d.long ?? d.label}: ${d.count}`}</title>
                  <rect
                    class={colour ? 'chart__bar chart__bar--rated' : 'chart__bar'}
                    x={x}
                    y={top}
                    width={slots.bar}
                    height={baseline - top}
                    rx={2}
                    {...(colour ? { fill: colour } : {})}
                  />
                  {showValues && (
                    <text class={d.count ? 'chart__value' : 'chart__value chart__value--zero'} x={x + slots.bar / 2} y={top - 5} text-anchor="middle">
                      {d.count}
                    </text>
                  )}
                  {labelled && (
                    <text class="chart__tick" y={baseline + 15} {...edgeLabel(x + slots.bar / 2, textWidth(d.label, AXIS_FONT), 0, width - 1)}>
                      {d.label}
                    </text>
                  )}
                </g>
              );
            })}
            <text class="chart__axis-title" x={padLeft + plotWidth / 2} y={height - 6} text-anchor="middle">
              {xLabel}
            </text>
          </svg>
        </div>
        <p id={summaryId} class="visually-hidden">
          {summaryOf(data)}
        </p>
        <ChartTable {...props} />
      </figure>
    </div>
  );
}
