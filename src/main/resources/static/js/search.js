// #/searches/{id}: progress, how the search runs, validation accuracy heatmaps over two dimensions of the page's
// choice, lambda x eta unless chosen otherwise (a scatter for a random or TPE search), the optimisation history, the
// parameters' importance, the configurations over their repeats, the top-k, the curves, the parallel coordinates of
// every varying dimension; followed live while the search runs.
import {h, api, allTrials, pct, num, duration, when, badge, progressBar, poll, active, LABELS, colour, inkOn, RAMP,
  chart, STATES, follow} from './util.js';
import {byConfiguration, configurationsPanel} from './configurations.js';
import {describeStrategy, strategyFacts, exportLinks} from './strategy.js';
import {drawScatter, openOnClick} from './scatter.js';
import {drawHeatmap, openCellOnClick} from './heatmap.js';
import {trialTable} from './trialtable.js';
import {drawHistory, axisSelect} from './history.js';
import {importancePanel} from './importance.js';

// Above this many trials (or wider than a table of cells can show) the heatmaps are aggregated on the server and drawn
// on a canvas, and the page reads pages of trials, never every one.
const LARGE_SEARCH = 1000;
const TABLE_COLUMNS = 12, TABLE_ROWS = 24;
const SAMPLE = 500; // the best trials the parallel coordinates of a large search show
const STREAM_RETRY = 5000, STREAM_RETRY_MAX = 60000; // ms before asking again for a stream that was cut or refused
const CURVES = {validationAccuracy: 'Validation accuracy', validationLoss: 'Validation loss', trainLoss: 'Training loss',
  validationCost: 'Validation cost'};

export async function searchPage(root, cleanups, id) {
  const [grid, first] = await Promise.all([api(`/searches/${id}/grid`), api(`/searches/${id}`)]);
  document.title = `${first.name} · Hypergrid`;
  const repeats = first.repeats > 1;
  const random = first.strategy !== 'grid'; // sampled points (random, TPE): not on a lattice
  const gridValues = name => grid.dimensions.find(d => d.name === name)?.values ?? [];
  const canvas = !random && (grid.points > LARGE_SEARCH || gridValues('eta').length > TABLE_COLUMNS
      || gridValues('lambda').length > TABLE_ROWS);
  if (repeats && !canvas) {
    // repeat r trains with seed + r: the configurations' own seeds are those of their first repeats
    const seeds = [...new Set((await allTrials(id)).filter(t => t.repeatIndex === 0).map(t => t.parameters.seed))]
        .sort((a, b) => a - b);
    const seed = grid.dimensions.find(d => d.name === 'seed');
    Object.assign(seed, {values: seeds, varying: seeds.length > 1});
  }
  const varying = grid.dimensions.filter(d => d.varying);
  const dims = Object.fromEntries(grid.dimensions.map(d => [d.name, d]));
  const values = Object.fromEntries(grid.dimensions.map(d => [d.name, d.values]));
  const label = name => LABELS[name] || name;
  // the heatmaps' axes: eta across and lambda down unless the page chooses two other varying dimensions
  const axisNames = [...new Set(['eta', 'lambda', ...varying.map(d => d.name)])].filter(n => dims[n]);
  let xDim = 'eta', yDim = 'lambda';
  let facetBy, others, facets, selected = {};
  // one heatmap per batch size (on the canvas while there are at most four, else batch size is a selector too) unless
  // it is an axis; every other varying dimension is a selector; with repeats on the canvas, a cell is the mean over
  // its repeats (their seeds are not a selector)
  function planHeatmaps() {
    facetBy = ![xDim, yDim].includes('batchSize') && (!canvas || values.batchSize.length <= 4) ? 'batchSize' : null;
    others = random ? [] : varying.filter(d => ![xDim, yDim, facetBy].includes(d.name)
        && !(canvas && repeats && d.name === 'seed'));
    facets = facetBy ? values[facetBy] : [null];
    selected = Object.fromEntries(others.map(d => [d.name, d.name in selected ? selected[d.name] : d.values[0]]));
  }
  planHeatmaps();
  const compare = new Set();
  let k = 10;
  let curveMetric = 'validationAccuracy';
  let status = first, trials = [], top = [], configs = [], ranking = null;

  // --- layout
  const title = h('h1', {});
  const exports = exportLinks(id);
  // made once and only enabled or disabled on each redraw: a button replaced between a click's press and release
  // (every status event redraws the header) would lose the click
  const cancelButton = h('button', {type: 'button', 'aria-label': 'Cancel this search', onclick: () => act('cancel')},
      'Cancel');
  const retryButton = h('button', {type: 'button', 'aria-label': 'Retry the failed and cancelled trials',
    onclick: () => act('retry')}, 'Retry');
  const actions = h('div', {class: 'row'}, cancelButton, retryButton);
  const progress = h('div', {id: 'progress'});
  const selectors = h('div', {class: 'row'});
  const heatmapTitle = h('h2', {id: 'heatmap-title'});
  const heatmaps = h('div', {class: canvas ? 'heatmaps canvas' : 'heatmaps', id: 'heatmaps'});
  let heatmapCharts = [];
  let heatmapCleanups = [];
  const redrawHeatmaps = () => canvas
      ? readHeatmaps().then(m => { heatmapData = m; drawHeatmaps(); }).catch(err => console.warn('heatmap failed', err))
      : drawHeatmaps();
  const axisChoice = (which, current, choose) => h('label', {}, which, ' ', h('select', {
    'aria-label': `The heatmaps' ${which === 'across' ? 'horizontal' : 'vertical'} dimension`, dataset: {axis: which},
    onchange: e => { choose(e.target.value); planHeatmaps(); layoutHeatmaps(); redrawHeatmaps(); }},
  axisNames.map(n => h('option', {value: n, selected: n === current}, label(n)))));

  /** The heatmaps' title, selectors and (on the canvas) charts, for the axes chosen. */
  function layoutHeatmaps() {
    heatmapTitle.replaceChildren(`Validation accuracy over ${label(yDim)} × ${label(xDim)}`,
        facetBy && values[facetBy].length > 1 ? ', per batch size' : '', repeats ? ', mean over repeats' : '');
    selectors.replaceChildren(
        ...(axisNames.length > 1 ? [
          axisChoice('across', xDim, v => { if (v === yDim) yDim = xDim; xDim = v; }),
          axisChoice('down', yDim, v => { if (v === xDim) xDim = yDim; yDim = v; })] : []),
        ...others.map(d => h('label', {}, `${label(d.name)} `,
            h('select', {'aria-label': `Show the heatmaps for this ${d.name}`, onchange: e => {
              selected[d.name] = d.values[e.target.selectedIndex];
              redrawHeatmaps();
            }}, d.values.map(v => h('option', {selected: v === selected[d.name]}, num(v)))))));
    if (!canvas) return;
    heatmapCleanups.forEach(c => c());
    heatmapCleanups = [];
    // tall enough for a few pixels per row, whatever their number
    const height = `${Math.max(300, Math.min(720, 80 + 6 * values[yDim].length))}px`;
    heatmaps.replaceChildren();
    heatmapCharts = facets.map(v => {
      const el = heatmaps.appendChild(h('div', {class: 'chart heatmap-chart', role: 'img', style: {height},
        dataset: v === null ? {} : {[facetBy]: v}, 'aria-label': `Validation accuracy over ${label(xDim)} and`
            + ` ${label(yDim)}${v === null ? '' : ', batch size ' + v}: one cell per pair`}));
      const c = chart(el, heatmapCleanups); // in the page, so with its size
      openCellOnClick(c);
      return c;
    });
  }
  cleanups.push(() => heatmapCleanups.forEach(c => c()));
  let heatmapData = [];
  const legend = h('div', {class: 'legend'});
  const scatterEl = h('div', {class: 'chart tall', id: 'scatter', role: 'img', 'aria-label':
    'Validation accuracy of each configuration over η and λ: one point per configuration, triangles pruned'});
  const stateKey = h('p', {class: 'muted', style: {fontSize: '.8rem', margin: '.5rem 0 0'}},
      ...(canvas ? ['crossed by a white line: pruned (its validation accuracy at the epoch it stopped); framed: the best;'
          + ' blue: running, red: failed, grey: pending; a cell opens its trial']
          : [h('span', {class: 'hatch'}), ' hatched, ', h('span', {class: 'prune-mark', style: {position: 'static'}}, '✂2'),
            ': pruned at that epoch (its validation accuracy there); framed: the best']),
      repeats ? `; each cell is the mean over a configuration's ${first.repeats} repeats` : '');
  const configurations = repeats ? configurationsPanel(varying.map(d => d.name)) : null;
  const topBody = h('tbody');
  const topHead = h('tr');
  const compareButton = h('button', {type: 'button', class: 'primary', 'aria-label': 'Compare the selected trials\' curves',
    onclick: () => { location.hash = `#/compare?ids=${[...compare].join(',')}`; }}, 'Compare selected');
  const kSelect = h('select', {'aria-label': 'How many of the best trials to list', onchange: e => {
    k = Number(e.target.value); refresh();
  }}, [5, 10, 20, 50].map(v => h('option', {value: v, selected: v === k}, `top ${v}`)));
  const historyEl = h('div', {class: 'chart', id: 'history', role: 'img',
    'aria-label': 'The best validation accuracy so far, against the trials finished or the wall time'});
  let historyData = null, historyFor = -1, historyX = 'trials';
  const historyAxis = axisSelect(v => { historyX = v; drawHistoryChart(); });
  const importance = importancePanel(cleanups);
  const curvesEl = h('div', {class: 'chart tall', id: 'curves', role: 'img',
    'aria-label': 'Per-epoch curves of the best trials'});
  const metricSelect = h('select', {'aria-label': 'Which curve to show', onchange: e => {
    curveMetric = e.target.value; drawCurves();
  }}, Object.entries(CURVES).map(([v, label]) => h('option', {value: v}, label)));

  root.append(
      h('div', {class: 'row', style: {justifyContent: 'space-between'}}, title, actions),
      describeStrategy(first),
      h('section', {class: 'panel', 'aria-label': 'Progress'}, progress, exports),
      random
          ? h('section', {class: 'panel', 'aria-labelledby': 'scatter-title'},
              h('h2', {id: 'scatter-title'}, 'Validation accuracy over η × λ (sampled points: a scatter, not a grid)',
                  repeats ? ', mean over repeats' : ''), scatterEl)
          : h('section', {class: 'panel', 'aria-labelledby': 'heatmap-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}}, heatmapTitle, legend),
              selectors, heatmaps, stateKey),
      h('div', {class: 'cols', style: {marginBottom: '1rem'}},
          h('section', {class: 'panel', 'aria-labelledby': 'history-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}},
                  h('h2', {id: 'history-title'}, 'Best validation accuracy so far'), historyAxis),
              historyEl),
          importance.panel),
      ...(configurations ? [configurations.panel] : []), // root.append, unlike h(), would write "null"
      h('div', {class: 'cols'},
          h('section', {class: 'panel', 'aria-labelledby': 'top-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}},
                  h('h2', {id: 'top-title'}, repeats ? 'Best trials, each repeat on its own (by validation, test beside)' : 'Best configurations (by validation, test beside)'), kSelect),
              h('div', {class: 'scroll'}, h('table', {id: 'top'}, h('thead', {}, topHead), topBody)),
              h('div', {class: 'row', style: {marginTop: '.6rem'}}, compareButton,
                  h('span', {class: 'muted'}, 'up to four trials'))),
          h('section', {class: 'panel', 'aria-labelledby': 'curves-title'},
              h('div', {class: 'row', style: {justifyContent: 'space-between'}},
                  h('h2', {id: 'curves-title'}, 'Curves of the best five'), metricSelect),
              curvesEl)));
  const table = trialTable(id, varying.map(d => d.name));
  root.append(table.panel);
  let parallel = null;
  if (varying.length > 2 || (random && varying.length > 1)) {
    const el = h('div', {class: 'chart tall', id: 'parallel', role: 'img',
      'aria-label': 'Parallel coordinates: every varying dimension and the validation accuracy of each trial'});
    root.append(h('section', {class: 'panel', style: {marginTop: '1rem'}, 'aria-labelledby': 'parallel-title'},
        h('h2', {id: 'parallel-title'}, 'Every dimension at once (parallel coordinates, one line per ',
            repeats ? 'configuration, mean over its repeats' : 'trial', canvas ? `, the best ${SAMPLE} trials` : '',
            '; dashed: pruned)'), el));
    parallel = chart(el, cleanups);
  }
  if (!random) layoutHeatmaps();
  const historyChart = chart(historyEl, cleanups);
  const curves = chart(curvesEl, cleanups);
  const scatter = random ? chart(scatterEl, cleanups) : null;
  if (scatter) openOnClick(scatter);

  // --- drawing
  function drawHeader() {
    title.replaceChildren(`#${status.id} ${status.name} `, badge(status.state));
    const retryable = status.trials.FAILED + status.trials.CANCELLED > 0 && !active(status.state);
    cancelButton.disabled = !active(status.state);
    retryButton.disabled = !retryable;
    const s = status;
    progress.replaceChildren(
        h('div', {class: 'chips'}, STATES.map(st => h('span', {class: 'chip', dataset: {state: st}},
            st.toLowerCase(), ' ', h('b', {}, s.trials[st] ?? 0)))),
        progressBar(s.epochsDone, s.epochsTotal, `Epochs done: ${s.epochsDone} of ${s.epochsTotal}`),
        h('dl', {class: 'kv', style: {marginTop: '.6rem'}},
            h('dt', {}, 'Epochs'), h('dd', {}, `${s.epochsDone} of ${s.epochsTotal}`),
            h('dt', {}, 'Data'), h('dd', {}, s.dataset),
            h('dt', {}, 'Created'), h('dd', {}, when(s.createdAt)),
            h('dt', {}, 'Elapsed'), h('dd', {}, duration(s.elapsedSeconds)),
            h('dt', {}, active(s.state) ? 'Time left' : 'Finished'),
            h('dd', {}, active(s.state) ? (s.estimatedSecondsLeft == null ? 'estimating…' : '≈ ' + duration(s.estimatedSecondsLeft))
                : when(s.finishedAt)),
            strategyFacts(s),
            s.failureReason ? [h('dt', {}, 'Failure'), h('dd', {}, s.failureReason)] : null));
  }

  function heatmapUrl(batch) {
    const q = new URLSearchParams({x: xDim, y: yDim, aggregate: repeats ? 'mean' : 'best'});
    if (batch !== null) q.set(facetBy, batch);
    for (const d of others) q.set(d.name, selected[d.name]);
    return `/searches/${id}/heatmap?${q}`;
  }

  const readHeatmaps = () => Promise.all(facets.map(batch => api(heatmapUrl(batch))));

  function drawCanvasHeatmaps() {
    const lows = heatmapData.map(m => m.min).filter(v => v !== null);
    const highs = heatmapData.map(m => m.max).filter(v => v !== null);
    const lo = lows.length ? Math.min(...lows) : null, hi = highs.length ? Math.max(...highs) : null;
    legend.replaceChildren(...(lo !== null ? [pct(lo, 1), h('span', {class: 'ramp',
      style: {background: `linear-gradient(to right, ${RAMP.join(',')})`}}), pct(hi, 1)] : []));
    heatmapData.forEach((m, i) => drawHeatmap(heatmapCharts[i], m, dims, lo, hi, status.best?.trialId,
        facets[i] === null ? null : `batch size ${facets[i]}`));
  }

  function drawHeatmaps() {
    if (random) return;
    if (canvas) return drawCanvasHeatmaps();
    const shown = configs.filter(c => others.every(d => c.parameters[d.name] === selected[d.name]));
    // one colour scale over the finished configurations (pruned ones, stopped early, are clamped to it)
    const done = configs.filter(c => c.value !== null && !c.prunedOnly);
    const accs = (done.length ? done : configs.filter(c => c.value !== null)).map(c => c.value);
    const lo = Math.min(...accs), hi = Math.max(...accs);
    const scale = v => hi > lo ? (v - lo) / (hi - lo) : 1;
    const best = repeats ? ranking?.configurations[0]?.configIndex : configs.find(c => c.first.id === status.best?.trialId)?.configIndex;
    legend.replaceChildren(...(accs.length ? [pct(lo, 1), h('span', {class: 'ramp',
      style: {background: `linear-gradient(to right, ${RAMP.join(',')})`}}), pct(hi, 1)] : []));
    heatmaps.replaceChildren(...facets.map(facet => {
      const cells = new Map(shown.filter(c => facet === null || c.parameters[facetBy] === facet)
          .map(c => [`${c.parameters[yDim]}|${c.parameters[xDim]}`, c]));
      return h('div', {class: 'scroll'}, h('table', {class: 'heatmap', dataset: facet === null ? {} : {[facetBy]: facet}},
          facet === null ? null : h('caption', {}, `batch size ${facet}`),
          h('thead', {}, h('tr', {}, h('th', {class: 'rowhead', scope: 'col'}, `${label(yDim)} \\ ${label(xDim)}`),
              values[xDim].map(x => h('th', {scope: 'col'}, num(x))))),
          h('tbody', {}, values[yDim].map(y => h('tr', {}, h('th', {class: 'rowhead', scope: 'row'}, num(y)),
              values[xDim].map(x => cell(cells.get(`${y}|${x}`), scale, best)))))));
    }));
  }

  /** One configuration's cell: without repeats its one trial, with repeats the mean over the succeeded ones. */
  function cell(c, scale, best) {
    if (!c) return h('td', {class: 'muted'}, '');
    const t = c.first;
    const has = c.value !== null;
    const where = [yDim, xDim, facetBy].filter(Boolean).map(n => `${label(n)} ${num(c.parameters[n])}`).join(', ');
    const running = c.repeats.find(x => x.state === 'RUNNING');
    const text = has ? pct(c.value, 1).replace(' ', '')
        : running ? `${running.epochsDone}/${running.parameters.epochs}` : c.state === 'PENDING' ? '·' : c.state.toLowerCase();
    const of = repeats ? ` (mean of ${c.prunedOnly ? c.pruned.length : c.succeeded} of ${c.repeats.length} repeats)` : '';
    const prunedNote = c.pruned.length ? `; ${c.pruned.length > 1 || repeats ? c.pruned.length + ' ' : ''}pruned at epoch ${c.prunedAt}` : '';
    const describe = has ? `${where}: validation ${pct(c.value)}${of}${c.prunedOnly ? '' : ', test ' + pct(c.test)}${prunedNote}`
        : `${where}: ${c.state.toLowerCase()}${t.failureReason || t.stopReason ? ' (' + (t.failureReason || t.stopReason) + ')' : ''}`;
    const v = has ? scale(c.value) : null;
    return h('td', {class: 'hm-cell' + (c.configIndex === best ? ' best' : '') + (c.pruned.length ? ' pruned' : ''), title: describe,
      style: {backgroundColor: has ? colour(v) : c.state === 'FAILED' ? '#fecaca' : '#f3f4f6', color: has ? inkOn(v) : '#374151'},
      dataset: {...Object.fromEntries(axisNames.map(n => [n, c.parameters[n]])), trialId: t.id,
        configIndex: c.configIndex, state: c.state, validation: has ? c.value : '', prunedAt: c.prunedAt ?? '',
        repeats: c.repeats.length}},
    h('a', {href: `#/trials/${t.id}`, 'aria-label': `Trial ${t.id}, ${describe}`}, text),
    c.pruned.length ? h('span', {class: 'prune-mark', 'aria-hidden': 'true'}, `✂${c.prunedAt}`) : null);
  }

  function drawTop() {
    const dims = varying.map(d => d.name);
    topHead.replaceChildren(h('th', {}, '#'), h('th', {}, 'Trial'), ...dims.map(d => h('th', {class: 'num'}, LABELS[d] || d)),
        h('th', {class: 'num'}, 'Validation'), h('th', {class: 'num'}, 'Test'), h('th', {class: 'num'}, 'Train'),
        h('th', {}, 'Compare'));
    const epochsOf = new Map(trials.map(t => [t.id, t.epochsDone]));
    topBody.replaceChildren(...(top.length ? top.map(t => h('tr', {class: 'top-row' + (t.state === 'PRUNED' ? ' pruned' : ''),
        dataset: {trialId: t.trialId, state: t.state}},
        h('td', {}, t.rank),
        h('td', {}, h('a', {href: `#/trials/${t.trialId}`}, `#${t.trialId}`),
            t.state === 'PRUNED' ? [' ', h('span', {class: 'badge PRUNED', title: 'stopped early: validation of that epoch, no test'},
              `pruned at ${epochsOf.get(t.trialId) ?? '?'}`)] : null),
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
  // a finished trial's curve does not change: read once per page, only running trials' curves are read again
  const finishedCurves = new Map();
  async function loadCurves() {
    const best = top.slice(0, 5);
    curveData = await Promise.all(best.map(async t => {
      if (finishedCurves.has(t.trialId)) return {t, epochs: finishedCurves.get(t.trialId)};
      const epochs = await api(`/trials/${t.trialId}/epochs`);
      if (!active(t.state)) finishedCurves.set(t.trialId, epochs);
      return {t, epochs};
    }));
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
    const done = configs.filter(c => c.value !== null);
    // a random search's numbers are not a few levels: value axes (log where sampled so), not categories
    const continuous = d => random && typeof d.values[0] === 'number';
    const axes = varying.map((d, i) => continuous(d)
        ? {dim: i, name: LABELS[d.name] || d.name, type: d.scale === 'log' ? 'log' : 'value', scale: true,
          axisLabel: {formatter: v => num(v)}}
        : {dim: i, name: LABELS[d.name] || d.name, type: 'category', data: d.values.map(v => num(v))});
    axes.push({dim: varying.length, name: 'validation %', type: 'value', scale: true});
    const accs = done.map(c => 100 * c.value);
    parallel.setOption({
      animation: false,
      parallelAxis: axes,
      parallel: {left: 40, right: 60, top: 40, bottom: 30},
      visualMap: {show: false, min: Math.min(...accs, 0), max: Math.max(...accs, 1), dimension: varying.length,
        inRange: {color: RAMP}},
      tooltip: {},
      series: [{type: 'parallel', lineStyle: {width: 2, opacity: 0.75},
        data: done.map(c => ({value: [...varying.map(d => continuous(d) ? c.parameters[d.name] : num(c.parameters[d.name])),
          +(100 * c.value).toFixed(2)], lineStyle: c.prunedOnly ? {type: 'dashed', opacity: 0.45} : undefined}))}],
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

  /** Everything but the status, which the event stream brings: fresh is true when it did. */
  let refreshes = 0;
  async function refresh(fresh = false) {
    // a large search: the heatmaps aggregated, the best trials for the parallel coordinates, never every trial
    const sample = async () => parallel ? (await api(`/searches/${id}/trials?sort=validationAccuracy,desc&size=${SAMPLE}`)).items : [];
    // the history changes only when a trial finishes: asked for again only then (a window over the search's trials)
    const finished = () => status.trials.SUCCEEDED + (status.trials.PRUNED ?? 0) + status.trials.FAILED;
    const known = finished();
    // what is read below may predate the search's end unless the page knew of the end before asking
    const settled = !active(status.state);
    const mine = ++refreshes;
    const read = await Promise.all([fresh ? status : api(`/searches/${id}`),
      canvas ? sample() : allTrials(id), api(`/searches/${id}/top?k=${k}`),
      repeats ? api(`/searches/${id}/top-configurations?k=${k}`) : null,
      known === historyFor ? historyData : api(`/searches/${id}/history`), canvas ? readHeatmaps() : null, table.refresh()]);
    // a refresh begun later (a click's, say, while a stream's was on its way) has newer answers: these would undo them
    if (mine !== refreshes) return;
    let maps;
    [status, trials, top, ranking, historyData, maps] = read;
    // the status (one request among these) says the search ended, the others may have been answered just before
    // its last trial did: read once more, as this is the page's last drawing
    if (!settled && !active(status.state)) return refresh();
    if (canvas) heatmapData = maps;
    historyFor = known;
    if (finished() !== historyFor) { // the status polled with it says more trials finished meanwhile
      historyData = await api(`/searches/${id}/history`);
      historyFor = finished();
    }
    loadImportance();
    configs = byConfiguration(trials);
    await loadCurves();
    drawHeader();
    drawHeatmaps();
    if (scatter) drawScatter(scatter, configs, dims);
    if (configurations) configurations.draw(ranking);
    drawTop();
    drawCurves();
    drawParallel();
    drawHistoryChart();
  }

  function drawHistoryChart() {
    if (historyData) drawHistory(historyChart, [{name: `#${id} ${status.strategy}`, history: historyData}], historyX);
  }

  // the importance is computed on request (a forest for a sampled search): asked for apart from the rest, so it
  // never holds up the page, and again only when more trials succeeded, at most every 10 s
  let importanceFor = -1, importanceAt = 0, importanceLoading = false;
  function loadImportance() {
    const succeeded = status.trials.SUCCEEDED;
    if (importanceLoading || succeeded === importanceFor
        || (active(status.state) && Date.now() - importanceAt < 10000)) return;
    importanceLoading = true;
    importanceFor = succeeded;
    importanceAt = Date.now();
    api(`/searches/${id}/importance`).then(importance.draw).catch(e => console.warn('importance failed', e))
        .finally(() => {
          importanceLoading = false;
          if (!active(status.state)) loadImportance(); // the search ended meanwhile: its final answer
        });
  }

  // While the search runs the page follows GET /api/searches/{id}/events: each status event redraws the header at
  // once and the rest at most every 2 s; the page polls no status while the stream is up. If the stream cannot be
  // had or drops before the search's end, the page polls every 2 s and asks for the stream again after 5 s, then
  // after twice as long each time it is refused, up to a minute (progress.dataset.live says which it does).
  // stop() ends the stream and its timers; polling goes on until a stream is open (a refused or slow one leaves the
  // page polling meanwhile), or the search ends
  let stop = () => {};
  let stopPolling = () => {};
  const quietly = () => { stop(); stop = () => {}; stopPolling(); stopPolling = () => {}; };
  let retryIn = STREAM_RETRY;
  const restart = () => {
    if (!active(status.state)) {
      quietly();
      progress.dataset.live = 'off';
      return;
    }
    stop();
    // the next refresh waits 2 s after the last one ended, or twice as long as it took when that is longer (a large
    // search on a busy server): events coming faster only mark it wanted, so a stream never refreshes more often
    // than polling would
    let timer = null, busy = false, wanted = false, next = 0, retry = null, stopped = false;
    const later = () => {
      wanted = true;
      if (timer || busy || stopped) return;
      timer = setTimeout(async () => {
        timer = null;
        wanted = false;
        busy = true;
        const started = Date.now();
        try { await refresh(true); } catch (e) { console.warn('refresh failed', e); }
        busy = false;
        next = Date.now() + Math.max(2000, 2 * (Date.now() - started));
        if (wanted) later();
      }, Math.max(200, next - Date.now()));
    };
    const unfollow = follow(`/searches/${id}/events`, (name, s) => {
      retryIn = STREAM_RETRY; // it works: after a cut, ask again soon
      status = s;
      drawHeader();
      later();
      if (name === 'end') progress.dataset.live = 'off';
    }, e => {
      console.warn(`event stream lost (${e.message}): polling, and asking for it again in ${retryIn / 1000} s`);
      progress.dataset.live = 'polling';
      stopPolling();
      stopPolling = poll(refresh, 2000, () => active(status.state));
      retry = setTimeout(restart, retryIn);
      retryIn = Math.min(STREAM_RETRY_MAX, 2 * retryIn);
    }, () => { // open: the stream takes over from polling
      stopPolling();
      stopPolling = () => {};
      progress.dataset.live = 'stream';
    });
    if (progress.dataset.live !== 'polling') progress.dataset.live = 'connecting';
    stop = () => { stopped = true; unfollow(); clearTimeout(timer); clearTimeout(retry); };
  };
  // a tab out of sight lets go of its stream (a browser opens at most 6 connections to a host, and each stream holds
  // one: with more tabs than that following searches, the others could load nothing) and takes it again when seen
  const visibility = async () => {
    if (document.hidden) {
      if (progress.dataset.live === 'off') return;
      quietly();
      progress.dataset.live = 'hidden';
    } else if (progress.dataset.live === 'hidden') {
      await refresh();
      restart();
    }
  };
  document.addEventListener('visibilitychange', visibility);
  cleanups.push(() => document.removeEventListener('visibilitychange', visibility));
  cleanups.push(quietly);
  await refresh();
  restart();
}
