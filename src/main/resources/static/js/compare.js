// #/compare?ids=1,2,3,4: up to four trials' curves on one chart.
import {h, api, pct, num, poll, active, LABELS, chart} from './util.js';

const METRICS = {validationAccuracy: 'Validation accuracy', validationLoss: 'Validation loss',
  validationCost: 'Validation cost', trainLoss: 'Training loss', trainAccuracy: 'Training accuracy'};

export async function comparePage(root, cleanups, params) {
  document.title = 'Compare · Hypergrid';
  const ids = (params.get('ids') || '').split(',').map(s => s.trim()).filter(s => /^\d+$/.test(s)).map(Number).slice(0, 4);
  const input = h('input', {type: 'text', value: ids.join(', '), placeholder: 'e.g. 40, 42, 45', inputmode: 'numeric',
    'aria-label': 'Trial ids to compare, up to four, separated by commas'});
  const form = h('form', {class: 'row', 'aria-label': 'Choose trials', onsubmit: e => {
    e.preventDefault();
    location.hash = `#/compare?ids=${input.value.split(/[^0-9]+/).filter(Boolean).slice(0, 4).join(',')}`;
  }}, h('label', {}, 'Trials ', input), h('button', {type: 'submit', 'aria-label': 'Show these trials'}, 'Show'));
  root.append(h('h1', {}, 'Compare trials'), h('section', {class: 'panel'}, form,
      h('p', {class: 'muted'}, 'Pick up to four trials here or with the checkboxes of a search\'s best configurations.')));
  if (!ids.length) return;

  let metric = 'validationAccuracy';
  const table = h('tbody');
  const el = h('div', {class: 'chart tall', id: 'compare-chart', role: 'img', 'aria-label': 'The chosen trials\' curves on one chart'});
  const select = h('select', {'aria-label': 'Which curve to compare', onchange: e => { metric = e.target.value; draw(); }},
      Object.entries(METRICS).map(([v, label]) => h('option', {value: v}, label)));
  root.append(
      h('section', {class: 'panel'}, h('div', {class: 'row', style: {justifyContent: 'space-between'}},
          h('h2', {}, 'Per epoch'), select), el),
      h('section', {class: 'panel'}, h('div', {class: 'scroll'}, h('table', {id: 'compared'},
          h('thead', {}, h('tr', {}, ['Trial', 'Search', 'λ', 'η', 'batch', 'epochs', 'State', 'Validation', 'Test']
              .map((c, i) => h('th', {class: i > 1 && i !== 6 ? 'num' : ''}, c)))), table))));
  const c = chart(el, cleanups);
  let data = [];

  const label = t => `#${t.id} λ ${num(t.parameters.lambda)} η ${num(t.parameters.eta)} batch ${t.parameters.batchSize}`;
  function draw() {
    const percent = metric.endsWith('Accuracy');
    c.setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => percent ? pct(v) : v?.toFixed(4)},
      legend: {type: 'scroll', top: 0},
      grid: {left: 50, right: 16, top: 40, bottom: 40},
      xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1},
      yAxis: {type: 'value', scale: true, axisLabel: {formatter: v => percent ? (100 * v).toFixed(0) + '%' : v}},
      series: data.map(({t, epochs}) => ({name: label(t), type: 'line', showSymbol: false,
        data: epochs.map(e => [e.epoch, e[metric]])})),
    }, {notMerge: true});
    el.dataset.series = data.length;
    table.replaceChildren(...data.map(({t}) => h('tr', {class: 'compared-row'},
        h('td', {}, h('a', {href: `#/trials/${t.id}`}, `#${t.id}`)),
        h('td', {}, h('a', {href: `#/searches/${t.searchId}`}, `#${t.searchId}`)),
        h('td', {class: 'num'}, num(t.parameters.lambda)), h('td', {class: 'num'}, num(t.parameters.eta)),
        h('td', {class: 'num'}, t.parameters.batchSize), h('td', {class: 'num'}, t.parameters.epochs),
        h('td', {}, t.state.toLowerCase()),
        h('td', {class: 'num'}, pct(t.results?.validationAccuracy)), h('td', {class: 'num'}, pct(t.results?.testAccuracy)))));
  }

  async function refresh() {
    data = await Promise.all(ids.map(async i => {
      const [t, epochs] = await Promise.all([api(`/trials/${i}`), api(`/trials/${i}/epochs`)]);
      return {t, epochs};
    }));
    draw();
  }
  const stop = poll(refresh, 2000, () => data.some(d => active(d.t.state)));
  cleanups.push(stop);
  await refresh();
}
