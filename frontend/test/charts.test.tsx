import { h, render } from 'preact';
import { describe, expect, it } from 'vitest';
import { changesDashboard } from '../src/pages/DashboardPage';
import {
  BarChart,
  barLength,
  chartColour,
  ColumnChart,
  columnSlots,
  countAxis,
  edgeLabel,
  fitText,
  formatHours,
  labelEvery,
  niceCeiling,
  weekLabels,
} from '../src/ui/charts';

describe('formatHours', () => {
  it.each([
    [0, 'under 1 min'],
    [0.004, 'under 1 min'],
    [0.25, '15 min'],
    [59.4 / 60, '59 min'],
    [59.8 / 60, '1 h'],
    [1, '1 h'],
    [5 + 20 / 60, '5 h 20 min'],
    [23.999, '1 d'],
    [24, '1 d'],
    [28, '1 d 4 h'],
    [28.4, '1 d 4 h'],
    [47.6, '2 d'],
    [24 * 30 + 5, '30 d 5 h'],
  ])('%s hours reads "%s"', (hours, words) => {
    expect(formatHours(hours)).toBe(words);
  });

  it('spells the units out for the long form', () => {
    expect(formatHours(28, 'long')).toBe('1 day 4 hours');
    expect(formatHours(49, 'long')).toBe('2 days 1 hour');
    expect(formatHours(1 / 60, 'long')).toBe('1 minute');
    expect(formatHours(2.5, 'long')).toBe('2 hours 30 minutes');
  });

  it('has nothing to say about no time, or a nonsense one', () => {
    expect(formatHours(null)).toBeNull();
    expect(formatHours(undefined)).toBeNull();
    expect(formatHours(Number.NaN)).toBeNull();
    expect(formatHours(-3)).toBeNull();
    expect(formatHours(Number.POSITIVE_INFINITY)).toBeNull();
  });
});

describe('the value axis', () => {
  it('rounds up to 1, 2 or 5 times a power of ten', () => {
    expect([0, -1, 0.3, 1, 1.5, 2, 3, 7, 10, 11, 260].map(niceCeiling)).toEqual([1, 1, 0.5, 1, 2, 2, 5, 10, 10, 20, 500]);
  });

  it('ticks in whole counts from 0, with a top at or above the largest', () => {
    expect(countAxis(5)).toEqual({ top: 6, ticks: [0, 2, 4, 6] });
    expect(countAxis(1)).toEqual({ top: 1, ticks: [0, 1] });
    expect(countAxis(40)).toEqual({ top: 40, ticks: [0, 10, 20, 30, 40] });
    expect(countAxis(137).top).toBeGreaterThanOrEqual(137);
    expect(countAxis(137).ticks.length).toBeLessThanOrEqual(5);
  });

  it('still draws an axis when everything is zero', () => {
    expect(countAxis(0)).toEqual({ top: 1, ticks: [0, 1] });
  });
});

describe('bar lengths', () => {
  it('scales to the span', () => {
    expect(barLength(5, 10, 200)).toBe(100);
    expect(barLength(10, 10, 200)).toBe(200);
  });

  it('is 0 for nothing and never NaN, whatever the data', () => {
    expect(barLength(0, 0, 200)).toBe(0);
    expect(barLength(0, 10, 200)).toBe(0);
    expect(barLength(3, 0, 200)).toBe(0);
    expect(barLength(Number.NaN, 10, 200)).toBe(0);
    expect(barLength(3, 10, -5)).toBe(0);
  });

  it('shows a small count as a sliver, and never runs past the span', () => {
    expect(barLength(1, 10_000, 200)).toBe(2);
    expect(barLength(20, 10, 200)).toBe(200);
  });
});

describe('columns and labels', () => {
  it('shares the width among the columns', () => {
    const slots = columnSlots(12, 300);
    expect(slots.slot).toBe(25);
    expect(slots.bar).toBeCloseTo(16);
    expect(slots.x(0)).toBeCloseTo(4.5);
    expect(slots.x(11) + slots.bar).toBeLessThanOrEqual(300);
  });

  it('has no columns and no NaN for no data', () => {
    const slots = columnSlots(0, 300);
    expect(slots.slot).toBe(0);
    expect(Number.isFinite(slots.bar)).toBe(true);
  });

  it('thins the axis labels until they do not overlap', () => {
    const weeks = Array.from({ length: 12 }, () => '13 Mar');
    expect(labelEvery(weeks, 60, 11)).toBe(1);
    expect(labelEvery(weeks, 22, 11)).toBe(3);
    expect(labelEvery([], 22, 11)).toBe(1);
  });

  it('shortens a label that does not fit, and keeps one that does', () => {
    expect(fitText('True', 100, 12)).toBe('True');
    const short = fitText('A very long rating label indeed', 60, 12);
    expect(short.endsWith('…')).toBe(true);
    expect(short.length).toBeLessThan(15);
  });

  it('draws only colours it can trust', () => {
    expect(chartColour('#1a7f37')).toBe('#1a7f37');
    expect(chartColour('red; fill: url(x)')).toBeUndefined();
    expect(chartColour(undefined)).toBeUndefined();
  });

  it('names a week by its Monday', () => {
    const week = weekLabels('2025-03-03');
    expect(week.long).toMatch(/^Week of /);
    expect(week.long).toMatch(/2025/);
    expect(weekLabels('nonsense').label).toBe('nonsense');
  });
});

describe('chart components', () => {
  const zero = [
    { key: 'draft', label: 'Draft', count: 0 },
    { key: 'published', label: 'Published', count: 0 },
  ];

  it('draws zero data without NaN, named, with its table', () => {
    const root = document.createElement('div');
    render(h(BarChart, { title: 'Verdicts by state', data: zero, categoryName: 'State', valueName: 'Verdicts' }), root);
    const svg = root.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Verdicts by state');
    expect(root.innerHTML).not.toContain('NaN');
    expect([...root.querySelectorAll('tbody tr')].map((tr) => tr.textContent)).toEqual(['Draft0', 'Published0']);
    expect(root.querySelector('summary')!.textContent).toBe('Show as table');
  });

  it('colours bars by rating through the fill attribute, never a style', () => {
    const root = document.createElement('div');
    render(
      h(BarChart, {
        title: 'Published verdicts by rating',
        data: [
          { key: 'True', label: 'True', count: 3, colour: '#1a7f37' },
          { key: 'False', label: 'False', count: 1, colour: '#c4312b' },
        ],
        categoryName: 'Rating',
        valueName: 'Verdicts',
      }),
      root,
    );
    const bars = [...root.querySelectorAll('rect.chart__bar')];
    expect(bars.map((b) => b.getAttribute('fill'))).toEqual(['#1a7f37', '#c4312b']);
    expect(root.querySelector('[style]')).toBeNull();
    expect([...root.querySelectorAll('.chart__value')].map((t) => t.textContent)).toEqual(['3', '1']);
  });

  it('draws columns with a value axis and labels', () => {
    const root = document.createElement('div');
    const weeks = Array.from({ length: 12 }, (_, i) => ({ key: `w${i}`, label: `W${i}`, count: i % 3 }));
    render(h(ColumnChart, { title: 'Claims found per week', data: weeks, yLabel: 'Claims', xLabel: 'Week starting', categoryName: 'Week', valueName: 'Claims' }), root);
    expect(root.querySelectorAll('rect.chart__bar')).toHaveLength(12);
    expect(root.innerHTML).not.toContain('NaN');
    expect(root.textContent).toContain('Week starting');
  });

  it('falls back to horizontal bars when categories cannot all be named', () => {
    const root = document.createElement('div');
    const buckets = Array.from({ length: 30 }, (_, i) => ({ key: `b${i}`, label: `a long bucket name ${i}`, count: i }));
    render(
      h(ColumnChart, { title: 'Time', data: buckets, yLabel: 'Verdicts', xLabel: 'Time', categoryName: 'Time', valueName: 'Verdicts', barsWhenCrowded: true }),
      root,
    );
    expect(root.querySelectorAll('.chart__label')).toHaveLength(30);
  });
});

describe('changesDashboard', () => {
  it('refreshes on claims, verdicts and settings, and on annotations of the article in view', () => {
    expect(changesDashboard({ type: 'verdict.published', articleId: null }, null)).toBe(true);
    expect(changesDashboard({ type: 'claim.created', articleId: null }, 'a')).toBe(true);
    expect(changesDashboard({ type: 'workspace.settings_updated', articleId: null }, null)).toBe(true);
    expect(changesDashboard({ type: 'annotation.deleted', articleId: 'a' }, 'a')).toBe(true);
    expect(changesDashboard({ type: 'annotation.deleted', articleId: 'b' }, 'a')).toBe(false);
    expect(changesDashboard({ type: 'reply.created', articleId: 'a' }, 'a')).toBe(false);
  });
});

describe('edgeLabel', () => {
  it('centres a label that fits, and holds one at the edge it would run past', () => {
    expect(edgeLabel(100, 30, 0, 300)).toEqual({ x: 100, 'text-anchor': 'middle' });
    expect(edgeLabel(290, 30, 0, 300)).toEqual({ x: 300, 'text-anchor': 'end' });
    expect(edgeLabel(5, 30, 0, 300)).toEqual({ x: 0, 'text-anchor': 'start' });
  });
});
