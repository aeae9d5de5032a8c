// The optimisation history (GET /api/searches/{id}/history): the best validation accuracy so far, a step line per
// search, against the trials in finishing order or against wall time since each search's submission. The search
// page draws one search, the compare page several on one chart.
import {h, pct, duration} from './util.js';

/** The x axes the history can be drawn against. */
export const HISTORY_AXES = {trials: 'trials finished', seconds: 'wall time'};

/** The points of one search's step line: each step, and the last level held to the last finished trial. */
function line(history, axis) {
  const x = axis === 'seconds' ? s => s.seconds : s => s.trial;
  const points = history.steps.map(s => [x(s), s.best, s.trialId]);
  const end = axis === 'seconds' ? history.lastFinishedSeconds : history.finishedTrials;
  // the level held to the last finished trial: a point without a marker, not a step
  if (points.length && end > points[points.length - 1][0]) {
    points.push({value: [end, points[points.length - 1][1], null], symbol: 'none'});
  }
  return points;
}

/**
 * Draws the histories on the chart, a series per {name, history}; the chart's element says how many series it
 * drew (data-series) and their steps (data-steps, comma-separated).
 */
export function drawHistory(c, entries, axis) {
  const seconds = axis === 'seconds';
  c.setOption({
    animation: false,
    tooltip: {trigger: 'axis', valueFormatter: v => pct(v)},
    legend: {type: 'scroll', top: 0},
    grid: {left: 50, right: 24, top: 40, bottom: 44},
    xAxis: {type: 'value', name: HISTORY_AXES[axis], nameLocation: 'middle', nameGap: 28, minInterval: seconds ? 0 : 1,
      axisLabel: {formatter: v => seconds ? duration(v) : v}},
    yAxis: {type: 'value', scale: true, axisLabel: {formatter: v => (100 * v).toFixed(1) + '%'}},
    series: entries.map(({name, history}) => ({name, type: 'line', step: 'end', showSymbol: true, symbolSize: 5,
      data: line(history, axis)})),
  }, {notMerge: true});
  Object.assign(c.getDom().dataset, {series: entries.length, axis,
    steps: entries.map(e => e.history.steps.length).join(',')});
}

/** A select of the x axis; onChange(axis) when it changes. */
export function axisSelect(onChange) {
  return h('select', {'aria-label': 'Draw the history against', onchange: e => onChange(e.target.value)},
      Object.entries(HISTORY_AXES).map(([v, label]) => h('option', {value: v}, `against ${label}`)));
}
