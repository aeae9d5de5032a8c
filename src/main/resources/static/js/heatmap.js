// A heatmap on a canvas (ECharts, a custom series of rectangles) from GET /api/searches/{id}/heatmap: for grids too
// large for the table of cells. Each numeric dimension gets a value axis of its own scale (log for a log range, cells
// spanning the geometric midpoints between neighbouring values), ticks rounded to 3 significant digits; a dimension
// whose values are not evenly spaced (or not numbers) gets one column per value, labelled with it. A tooltip per
// cell; a click opens the cell's trial.
import {pct, num, RAMP, LABELS} from './util.js';

/** A tick or value label: at most 3 significant digits (1.07e-4, 0.0316, 250). */
export const tick = v => typeof v !== 'number' ? String(v) : v === 0 ? '0'
    : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? (+v.toPrecision(3)).toExponential() : String(+v.toPrecision(3));

function evenlySpaced(t) {
  if (t.length < 3) return true;
  const step = (t[t.length - 1] - t[0]) / (t.length - 1);
  return step > 0 && t.every((v, i) => Math.abs(v - (t[0] + i * step)) <= 1e-3 * step);
}

/** How one dimension maps to an axis: its kind, each value's centre and [from, to] in the axis's own units. */
export function axisPlan(dim, values) {
  const numeric = values.length > 0 && values.every(v => typeof v === 'number');
  const log = numeric && dim?.scale === 'log' && values[0] > 0;
  const t = numeric ? values.map(v => log ? Math.log10(v) : v) : [];
  if (numeric && evenlySpaced(t)) {
    const g = v => log ? 10 ** v : v;
    const half = i => t.length === 1 ? (log ? 0.5 : (Math.abs(t[0]) / 2 || 0.5))
        : (i < t.length - 1 ? t[i + 1] - t[i] : t[i] - t[i - 1]) / 2;
    const spans = t.map((v, i) => [g(i === 0 ? v - half(0) : (t[i - 1] + v) / 2),
      g(i === t.length - 1 ? v + half(i) : (v + t[i + 1]) / 2)]);
    return {kind: log ? 'log' : 'linear', centre: i => values[i], span: i => spans[i],
      min: spans[0][0], max: spans[spans.length - 1][1]};
  }
  return {kind: 'category', centre: i => i, span: i => [i - 0.5, i + 0.5], min: -0.5, max: values.length - 0.5};
}

function axis(plan, values, name, horizontal) {
  const every = Math.max(1, Math.ceil(values.length / (horizontal ? 8 : 10)));
  return {
    type: plan.kind === 'log' ? 'log' : 'value', name, nameLocation: 'middle', nameGap: horizontal ? 28 : 52,
    min: plan.min, max: plan.max, splitLine: {show: false},
    ...(plan.kind === 'category' ? {interval: every} : {}),
    axisLabel: {hideOverlap: true, formatter: plan.kind === 'category'
      ? v => Number.isInteger(v) && v >= 0 && v < values.length ? tick(values[v]) : ''
      : v => tick(v)},
  };
}

/**
 * Draws one heatmap. lo and hi: the colour scale shared by every heatmap of the page; best: the trial to frame.
 * Returns nothing; the chart's element gets data attributes saying what it drew (cells, scales).
 */
export function drawHeatmap(c, map, dims, lo, hi, best, caption) {
  const xPlan = axisPlan(dims[map.x], map.xValues), yPlan = axisPlan(dims[map.y], map.yValues);
  const xName = LABELS[map.x] || map.x, yName = LABELS[map.y] || map.y;
  const item = cell => ({value: [xPlan.centre(cell.xi), yPlan.centre(cell.yi),
    cell.value === null ? null : +(100 * cell.value).toFixed(3), cell.xi, cell.yi], cell});
  const withValue = map.cells.filter(cl => cl.value !== null).map(item);
  const without = map.cells.filter(cl => cl.value === null).map(item);
  const rect = api => {
    const xi = api.value(3), yi = api.value(4);
    const [x0, x1] = xPlan.span(xi), [y0, y1] = yPlan.span(yi);
    // whole pixels: neighbouring cells share their edges exactly, with no hairline seam between them
    const a = api.coord([x0, y0]).map(Math.round), b = api.coord([x1, y1]).map(Math.round);
    return {x: Math.min(a[0], b[0]), y: Math.min(a[1], b[1]), width: Math.abs(b[0] - a[0]), height: Math.abs(b[1] - a[1])};
  };
  const render = fill => (params, api) => {
    const shape = rect(api);
    const cell = (fill ? without : withValue)[params.dataIndex].cell;
    const children = [{type: 'rect', shape, style: {fill: fill ? fill(cell) : api.visual('color'),
      stroke: cell.trialId === best ? '#111' : null, lineWidth: cell.trialId === best ? 2 : 0}}];
    if (cell.prunedAt !== null) {
      children.push({type: 'line', shape: {x1: shape.x, y1: shape.y + shape.height, x2: shape.x + shape.width, y2: shape.y},
        style: {stroke: 'rgba(255,255,255,.8)', lineWidth: 1}});
    }
    return {type: 'group', children};
  };
  const where = cell => `${xName} ${num(map.xValues[cell.xi])}, ${yName} ${num(map.yValues[cell.yi])}`;
  c.setOption({
    animation: false,
    title: caption ? {text: caption, left: 0, top: 0, textStyle: {fontSize: 13}} : undefined,
    grid: {left: 72, right: 16, top: caption ? 30 : 12, bottom: 44},
    xAxis: axis(xPlan, map.xValues, xName, true),
    yAxis: axis(yPlan, map.yValues, yName, false),
    visualMap: {show: false, type: 'continuous', min: 100 * (lo ?? 0), max: 100 * (hi ?? 1), dimension: 2,
      seriesIndex: 0, inRange: {color: RAMP}},
    tooltip: {confine: true, formatter: p => {
      const cell = p.data.cell;
      const of = cell.count > 1 ? ` (${map.aggregate} of ${cell.counted} of ${cell.count} trials)` : '';
      const result = cell.value === null ? `${cell.state.toLowerCase()}${cell.state === 'RUNNING'
          ? `, epoch ${cell.epochsDone} of ${cell.epochs}` : ''}`
          : `validation ${pct(cell.value)}${of}` + (cell.prunedAt !== null ? `, pruned at epoch ${cell.prunedAt}`
          : `, test ${pct(cell.test)}`);
      return `${where(cell)}: ${result}<br>trial #${cell.trialId}`;
    }},
    series: [
      {type: 'custom', name: 'results', renderItem: render(null), data: withValue, clip: true, progressive: 0},
      {type: 'custom', name: 'waiting', renderItem: render(cell => cell.state === 'FAILED' ? '#fecaca'
          : cell.state === 'RUNNING' ? '#bfdbfe' : '#e5e7eb'), data: without, clip: true, progressive: 0},
    ],
  }, {notMerge: true});
  const dom = c.getDom();
  Object.assign(dom.dataset, {cells: map.cells.length, finished: withValue.length, trials: map.trials,
    xScale: xPlan.kind, yScale: yPlan.kind, x: map.x, y: map.y});
}

/** A click on a cell opens its trial. */
export function openCellOnClick(c) {
  c.on('click', p => { if (p.data?.cell) location.hash = `#/trials/${p.data.cell.trialId}`; });
}
