// #/compare?searches=1,2,3&ids=1,2,3,4: several searches' optimisation histories on one chart (a grid, a random and
// a TPE search on the same data, say), and up to four trials' curves on another.
import {h, api, pct, num, poll, active, chart} from './util.js';
import {drawHistory, axisSelect} from './history.js';

const METRICS = {validationAccuracy: 'Validation accuracy', validationLoss: 'Validation loss',
  validationCost: 'Validation cost', trainLoss: 'Training loss', trainAccuracy: 'Training accuracy'};

const MAX_SEARCHES = 8, MAX_TRIALS = 4;
const idList = (text, most) => (text || '').split(/[^0-9]+/).filter(Boolean).map(Number).slice(0, most);

export async function comparePage(root, cleanups, params) {
  document.title = 'Compare · Hypergrid';
  const searchIds = idList(params.get('searches'), MAX_SEARCHES);
  const ids = idList(params.get('ids'), MAX_TRIALS);
  const go = (searches, trials) => {
    const q = new URLSearchParams();
    if (searches.length) q.set('searches', searches.join(','));
    if (trials.length) q.set('ids', trials.join(','));
    location.hash = `#/compare?${q.toString().replaceAll('%2C', ',')}`;
  };
  const idsForm = (what, value, most, example, onShow) => {
    const input = h('input', {type: 'text', value: value.join(', '), placeholder: example, inputmode: 'numeric',
      'aria-label': `${what} ids to compare, up to ${most}, separated by commas`});
    return h('form', {class: 'row', 'aria-label': `Choose ${what.toLowerCase()}s`, onsubmit: e => {
      e.preventDefault();
      onShow(idList(input.value, most));
    }}, h('label', {}, `${what}s `, input), h('button', {type: 'submit', 'aria-label': `Show these ${what.toLowerCase()}s`}, 'Show'));
  };
  root.append(h('h1', {}, 'Compare'), h('section', {class: 'panel'},
      idsForm('Search', searchIds, MAX_SEARCHES, 'e.g. 3, 4, 5', s => go(s, ids)),
      h('p', {class: 'muted'}, `Up to ${MAX_SEARCHES} searches' best validation accuracy so far on one chart; pick them`
          + ' here or with the checkboxes of the list of searches.'),
      idsForm('Trial', ids, MAX_TRIALS, 'e.g. 40, 42, 45', t => go(searchIds, t)),
      h('p', {class: 'muted'}, 'Pick up to four trials here or with the checkboxes of a search\'s best configurations.')));
  await Promise.all([searchIds.length ? histories(root, cleanups, searchIds) : null, ids.length ? trials(root, cleanups, ids) : null]);
}

/** The searches' histories on one chart, a series per search named by its strategy; followed while any runs. */
async function histories(root, cleanups, ids) {
  let axis = 'trials';
  const el = h('div', {class: 'chart tall', id: 'history-chart', role: 'img',
    'aria-label': 'The best validation accuracy so far of each search, on one chart'});
  const body = h('tbody');
  root.append(
      h('section', {class: 'panel'}, h('div', {class: 'row', style: {justifyContent: 'space-between'}},
          h('h2', {}, 'Best validation accuracy so far'), axisSelect(v => { axis = v; draw(); })), el),
      h('section', {class: 'panel'}, h('div', {class: 'scroll'}, h('table', {id: 'compared-searches'},
          h('thead', {}, h('tr', {}, ['Search', 'Strategy', 'State', 'Finished trials', 'Best validation', 'Its test']
              .map((c, i) => h('th', {class: i > 2 ? 'num' : ''}, c)))), body))));
  const c = chart(el, cleanups);
  let data = [];
  const name = s => `#${s.id} ${s.strategy}: ${s.name.length > 32 ? s.name.slice(0, 31) + '…' : s.name}`;
  function draw() {
    drawHistory(c, data.map(({s, history}) => ({name: name(s), history})), axis);
    body.replaceChildren(...data.map(({s, history}) => h('tr', {class: 'compared-search'},
        h('td', {}, h('a', {href: `#/searches/${s.id}`}, `#${s.id} ${s.name}`)), h('td', {}, s.strategy),
        h('td', {}, s.state.toLowerCase()), h('td', {class: 'num'}, `${history.finishedTrials} of ${s.trialCount}`),
        h('td', {class: 'num'}, pct(s.best?.validationAccuracy)), h('td', {class: 'num'}, pct(s.best?.testAccuracy)))));
  }
  async function refresh() {
    data = await Promise.all(ids.map(async i => {
      const [s, history] = await Promise.all([api(`/searches/${i}`), api(`/searches/${i}/history`)]);
      return {s, history};
    }));
    draw();
  }
  cleanups.push(poll(refresh, 2000, () => data.some(d => active(d.s.state))));
  await refresh();
}

/** Up to four trials' curves on one chart, with their parameters and results. */
async function trials(root, cleanups, ids) {
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
