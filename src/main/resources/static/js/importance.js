// Which parameters mattered (GET /api/searches/{id}/importance): a bar per varied parameter, its share of the
// explained variance of validation accuracy, most important first, with the method the server used.
import {h, LABELS, chart} from './util.js';

const METHODS = {
  grid: 'exact variance decomposition of the full grid',
  fanova: 'functional ANOVA over a random forest fitted to the finished configurations (as Optuna reports it)',
};

/** The panel: a note and a chart element; draw(importance) fills them. */
export function importancePanel(cleanups) {
  const note = h('p', {class: 'muted', id: 'importance-method'}, 'Loading…');
  const el = h('div', {class: 'chart', id: 'importance', role: 'img',
    'aria-label': 'Importance of each varied parameter for validation accuracy'});
  const panel = h('section', {class: 'panel', 'aria-labelledby': 'importance-title'},
      h('h2', {id: 'importance-title'}, 'Which parameters mattered'), note, el);
  let c = null;

  function draw(imp) {
    const shown = imp.method !== 'none' && imp.parameters.length > 0;
    el.hidden = !shown;
    el.dataset.method = imp.method;
    if (!shown) {
      note.textContent = imp.parameters.length
          ? `Not yet: importance needs at least two finished configurations (${imp.configurations} so far).`
          : 'No parameter varies in this search.';
      el.dataset.bars = 0;
      return;
    }
    const interactions = 1 - imp.parameters.reduce((s, p) => s + p.varianceFraction, 0);
    const fitted = imp.fittedOn < imp.configurations ? ` (the forest fitted to a random ${imp.fittedOn} of them)` : '';
    note.textContent = `From ${imp.configurations} configurations${fitted}: ${METHODS[imp.method] || imp.method}. Shares sum to`
        + ` 100 %; interactions explain ${(100 * Math.max(0, interactions)).toFixed(1)} % of the variance besides.`;
    c ??= chart(el, cleanups); // created once shown, so with its size
    const params = [...imp.parameters].reverse(); // the most important on top
    c.setOption({
      animation: false,
      tooltip: {trigger: 'axis', axisPointer: {type: 'shadow'}, valueFormatter: v => (100 * v).toFixed(1) + ' %'},
      grid: {left: 100, right: 40, top: 10, bottom: 30},
      xAxis: {type: 'value', max: 1, axisLabel: {formatter: v => (100 * v).toFixed(0) + '%'}},
      yAxis: {type: 'category', data: params.map(p => LABELS[p.name] || p.name)},
      series: [{type: 'bar', name: 'importance', data: params.map(p => +p.importance.toFixed(4)),
        label: {show: true, position: 'right', formatter: p => (100 * p.value).toFixed(0) + '%'}}],
    }, {notMerge: true});
    Object.assign(el.dataset, {bars: params.length, names: imp.parameters.map(p => p.name).join(',')});
  }
  return {panel, draw};
}
