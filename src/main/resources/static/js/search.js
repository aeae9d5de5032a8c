// #/searches/{id}: progress, validation accuracy heatmaps over lambda x eta, the top-k, the curves, the
// parallel coordinates of every varying dimension; refreshed every 2 s while the search runs.
import {h, api, allTrials, pct, num, duration, when, badge, progressBar, poll, active, LABELS, colour, inkOn, RAMP,
  chart} from './util.js';

const STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED'];
const HEATMAP_AXES = ['lambda', 'eta', 'batchSize'];
const CURVES = {validationAccuracy: 'Validation accuracy', validationLoss: 'Validation loss', trainLoss: 'Training loss',
  validationCost: 'Validation cost'};

export async function searchPage(root, cleanups, id) {
  const [grid, first] = await Promise.all([api(`/searches/${id}/grid`), api(`/searches/${id}`)]);
  document.title = `${first.name} · Hypergrid`;
  const varying = grid.dimensions.filter(d => d.varying);
  const values = Object.fromEntries(grid.dimensions.map(d => [d.name, d.values]));
  const others = varying.filter(d => !HEATMAP_AXES.includes(d.name));
  const selected = Object.fromEntries(others.map(d => [d.name, d.values[0]]));
  const compare = new Set();
  let k = 10;
  let curveMetric = 'validationAccuracy';
  let status = first, trials = [], top = [];

  // --- layout
  const title = h('h1', {});
  const actions = h('div', {class: 'row'});
  const progress = h('div', {id: 'progress'});
  const selectors = h('div', {class: 'row'}, others.map(d => h('label', {}, `${LABELS[d.name] || d.name} `,
      h('select', {'aria-label': `Show the heatmaps for this ${d.name}`, onchange: e => {
        selected[d.name] = d.values[e.target.selectedIndex];
        drawHeatmaps();
      }}, d.values.map(v => h('option', {}, num(v)))))));
  const heatmaps = h('div', {class: 'heatmaps', id: 'heatmaps'});
  const legend = h('div', {class: 'legend'});
  const topBody = h('tbody');
  const topHead = h('tr');
  const compareButton = h('button', {type: 'button', class: 'primary', 'aria-label': 'Compare the selected trials\' curves',
    onclick: () => { location.hash = `#/compare?ids=${[...compare].join(',')}`; }}, 'Compare selected');
  const kSelect = h('select', {'aria-label': 'How many of the best trials to list', onchange: e => {
    k = Number(e.target.value); refresh();
  }}, [5, 10, 20, 50].map(v => h('option', {value: v, selected: v === k}, `top ${v}`)));
  const curvesEl = h('div', {class: 'chart tall', id: 'curves', role: 'img',
    'aria-label': 'Per-epoch curves of the best trials'});
  const metricSelect = h('select', {'aria-label': 'Which curve to show', onchange: e => {
    curveMetric = e.target.value; drawCurves();
  }}, Object.entries(CURVES).map(([v, label]) => h('option', {value: v}, label)));

  root.append(
      h('div', {class: 'row', style: {justifyContent: 'space-between'}}, title, actions),
      h('section', {class: 'panel', 'aria-label': 'Progress'}, progress),
      h('section', {class: 'panel', 'aria-labelledby': 'heatmap-title'},
          h('div', {class: 'row', style: {justifyContent: 'space-between'}},
              h('h2', {id: 'heatmap-title'}, 'Validation accuracy over λ × η', values.batchSize.length > 1 ? ', per batch size' : ''),
              legend),
          selectors, heatmaps),
      h('div', {class: 'cols'},
          h('section', {class: 'panel', 'aria-labelledby': 'top-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}},
                  h('h2', {id: 'top-title'}, 'Best configurations (by validation, test beside)'), kSelect),
              h('div', {class: 'scroll'}, h('table', {id: 'top'}, h('thead', {}, topHead), topBody)),
              h('div', {class: 'row', style: {marginTop: '.6rem'}}, compareButton,
                  h('span', {class: 'muted'}, 'up to four trials'))),
          h('section', {class: 'panel', 'aria-labelledby': 'curves-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}},
                  h('h2', {id: 'curves-title'}, 'Curves of the best five'), metricSelect),
              curvesEl)));
  let parallel = null;
  if (varying.length > 2) {
    const el = h('div', {class: 'chart tall', id: 'parallel', role: 'img',
      'aria-label': 'Parallel coordinates: every varying dimension and the validation accuracy of each trial'});
    root.append(h('section', {class: 'panel', style: {marginTop: '1rem'}, 'aria-labelledby': 'parallel-title'},
        h('h2', {id: 'parallel-title'}, 'Every dimension at once (parallel coordinates, one line per trial)'), el));
    parallel = chart(el, cleanups);
  }
  const curves = chart(curvesEl, cleanups);

  // --- drawing
  function drawHeader() {
    title.replaceChildren(`#${status.id} ${status.name} `, badge(status.state));
    const retryable = status.trials.FAILED + status.trials.CANCELLED > 0 && !active(status.state);
    actions.replaceChildren(
        h('button', {type: 'button', 'aria-label': 'Cancel this search', disabled: !active(status.state),
          onclick: () => act('cancel')}, 'Cancel'),
        h('button', {type: 'button', 'aria-label': 'Retry the failed and cancelled trials', disabled: !retryable,
          onclick: () => act('retry')}, 'Retry'));
    const s = status;
    progress.replaceChildren(
        h('div', {class: 'chips'}, STATES.map(st => h('span', {class: 'chip', dataset: {state: st}},
            st.toLowerCase(), ' ', h('b', {}, s.trials[st])))),
        progressBar(s.epochsDone, s.epochsTotal, `Epochs done: ${s.epochsDone} of ${s.epochsTotal}`),
        h('dl', {class: 'kv', style: {marginTop: '.6rem'}},
            h('dt', {}, 'Epochs'), h('dd', {}, `${s.epochsDone} of ${s.epochsTotal}`),
            h('dt', {}, 'Data'), h('dd', {}, s.dataset),
            h('dt', {}, 'Created'), h('dd', {}, when(s.createdAt)),
            h('dt', {}, 'Elapsed'), h('dd', {}, duration(s.elapsedSeconds)),
            h('dt', {}, active(s.state) ? 'Time left' : 'Finished'),
            h('dd', {}, active(s.state) ? (s.estimatedSecondsLeft == null ? 'estimating…' : '≈ ' + duration(s.estimatedSecondsLeft))
                : when(s.finishedAt)),
            s.failureReason ? [h('dt', {}, 'Failure'), h('dd', {}, s.failureReason)] : null));
  }

  function drawHeatmaps() {
    const shown = trials.filter(t => others.every(d => t.parameters[d.name] === selected[d.name]));
    const done = trials.filter(t => t.results);
    const accs = done.map(t => t.results.validationAccuracy);
    const lo = Math.min(...accs), hi = Math.max(...accs);
    const scale = v => hi > lo ? (v - lo) / (hi - lo) : 1;
    const best = status.best?.trialId;
    legend.replaceChildren(...(accs.length ? [pct(lo, 1), h('span', {class: 'ramp',
      style: {background: `linear-gradient(to right, ${RAMP.join(',')})`}}), pct(hi, 1)] : []));
    heatmaps.replaceChildren(...values.batchSize.map(batch => {
      const cells = new Map(shown.filter(t => t.parameters.batchSize === batch)
          .map(t => [`${t.parameters.lambda}|${t.parameters.eta}`, t]));
      return h('div', {class: 'scroll'}, h('table', {class: 'heatmap', dataset: {batchSize: batch}},
          h('caption', {}, `batch size ${batch}`),
          h('thead', {}, h('tr', {}, h('th', {class: 'rowhead', scope: 'col'}, 'λ \\ η'),
              values.eta.map(eta => h('th', {scope: 'col'}, num(eta))))),
          h('tbody', {}, values.lambda.map(lambda => h('tr', {}, h('th', {class: 'rowhead', scope: 'row'}, num(lambda)),
              values.eta.map(eta => cell(cells.get(`${lambda}|${eta}`), lambda, eta, batch, scale, best)))))));
    }));
  }

  function cell(t, lambda, eta, batch, scale, best) {
    if (!t) return h('td', {class: 'muted'}, '');
    const r = t.results;
    const where = `λ ${num(lambda)}, η ${num(eta)}, batch ${batch}`;
    const text = r ? pct(r.validationAccuracy, 1).replace(' ', '')
        : t.state === 'RUNNING' ? `${t.epochsDone}/${t.parameters.epochs}` : t.state === 'PENDING' ? '·' : t.state.toLowerCase();
    const describe = r ? `${where}: validation ${pct(r.validationAccuracy)}, test ${pct(r.testAccuracy)}`
        : `${where}: ${t.state.toLowerCase()}${t.failureReason ? ' (' + t.failureReason + ')' : ''}`;
    const v = r ? scale(r.validationAccuracy) : null;
    return h('td', {class: 'hm-cell' + (t.id === best ? ' best' : ''), title: describe,
      style: {background: r ? colour(v) : t.state === 'FAILED' ? '#fecaca' : '#f3f4f6', color: r ? inkOn(v) : '#374151'},
      dataset: {trialId: t.id, lambda, eta, batchSize: batch, state: t.state, validation: r ? r.validationAccuracy : '',
        ...Object.fromEntries(others.map(d => [d.name, t.parameters[d.name]]))}},
    h('a', {href: `#/trials/${t.id}`, 'aria-label': `Trial ${t.id}, ${describe}`}, text));
  }

  function drawTop() {
    const dims = varying.map(d => d.name);
    topHead.replaceChildren(h('th', {}, '#'), h('th', {}, 'Trial'), ...dims.map(d => h('th', {class: 'num'}, LABELS[d] || d)),
        h('th', {class: 'num'}, 'Validation'), h('th', {class: 'num'}, 'Test'), h('th', {class: 'num'}, 'Train'),
        h('th', {}, 'Compare'));
    topBody.replaceChildren(...(top.length ? top.map(t => h('tr', {class: 'top-row', dataset: {trialId: t.trialId}},
        h('td', {}, t.rank),
        h('td', {}, h('a', {href: `#/trials/${t.trialId}`}, `#${t.trialId}`)),
        dims.map(d => h('td', {class: 'num'}, num(t.parameters[d]))),
        h('td', {class: 'num'}, pct(t.validationAccuracy)),
        h('td', {class: 'num'}, pct(t.testAccuracy)),
        h('td', {class: 'num'}, pct(t.trainAccuracy)),
        h('td', {}, h('input', {type: 'checkbox', 'aria-label': `Compare trial ${t.trialId}`, checked: compare.has(t.trialId),
          onchange: e => {
            if (e.target.checked) compare.add(t.trialId); else compare.delete(t.trialId);
            updateBoxes(); // not a redraw: keyboard focus stays on the box
          }}))))
        : [h('tr', {}, h('td', {colspan: dims.length + 6, class: 'muted'}, 'No trial has finished yet.'))]));
    updateBoxes();
  }

  function updateBoxes() {
    for (const box of topBody.querySelectorAll('input[type=checkbox]')) box.disabled = !box.checked && compare.size >= 4;
    compareButton.disabled = compare.size === 0;
  }

  let curveData = [];
  async function loadCurves() {
    const best = top.slice(0, 5);
    curveData = await Promise.all(best.map(async t => ({t, epochs: await api(`/trials/${t.trialId}/epochs`)})));
  }

  function drawCurves() {
    const label = t => `#${t.trialId} ` + varying.map(d => `${LABELS[d.name] || d.name} ${num(t.parameters[d.name])}`).join(', ');
    const accuracy = curveMetric.endsWith('Accuracy');
    curves.setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => accuracy ? pct(v) : v?.toFixed(4)},
      legend: {type: 'scroll', top: 0},
      grid: {left: 50, right: 16, top: 40, bottom: 40},
      xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1},
      yAxis: {type: 'value', scale: true, axisLabel: {formatter: v => accuracy ? (100 * v).toFixed(0) + '%' : v}},
      series: curveData.map(({t, epochs}) => ({name: label(t), type: 'line', showSymbol: false,
        data: epochs.map(e => [e.epoch, e[curveMetric]])})),
    }, {notMerge: true});
    curvesEl.dataset.series = curveData.length;
  }

  function drawParallel() {
    if (!parallel) return;
    const done = trials.filter(t => t.results);
    const axes = varying.map((d, i) => ({dim: i, name: LABELS[d.name] || d.name, type: 'category',
      data: d.values.map(v => num(v))}));
    axes.push({dim: varying.length, name: 'validation %', type: 'value', scale: true});
    const accs = done.map(t => 100 * t.results.validationAccuracy);
    parallel.setOption({
      animation: false,
      parallelAxis: axes,
      parallel: {left: 40, right: 60, top: 40, bottom: 30},
      visualMap: {show: false, min: Math.min(...accs, 0), max: Math.max(...accs, 1), dimension: varying.length,
        inRange: {color: RAMP}},
      tooltip: {},
      series: [{type: 'parallel', lineStyle: {width: 2, opacity: 0.75},
        data: done.map(t => [...varying.map(d => num(t.parameters[d.name])), +(100 * t.results.validationAccuracy).toFixed(2)])}],
    }, {notMerge: true});
    parallel.getDom().dataset.lines = done.length;
  }

  async function act(action) {
    try {
      await api(`/searches/${id}/${action}`, {method: 'POST'});
    } catch (e) {
      alert(e.message);
    }
    await refresh();
    restart();
  }

  async function refresh() {
    [status, trials, top] = await Promise.all([api(`/searches/${id}`), allTrials(id), api(`/searches/${id}/top?k=${k}`)]);
    await loadCurves();
    drawHeader();
    drawHeatmaps();
    drawTop();
    drawCurves();
    drawParallel();
  }

  let stop = () => {};
  const restart = () => {
    stop();
    stop = poll(refresh, 2000, () => active(status.state));
  };
  cleanups.push(() => stop());
  await refresh();
  restart();
}
