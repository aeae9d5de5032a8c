// #/trials/{id}: parameters and state, loss / cost / accuracy per epoch (the report's Figures 1 and 2), per-class
// test accuracy and the confusion matrix (Figures 3 and 4), the learned weights as class templates.
import {h, api, pct, num, duration, when, badge, poll, active, LABELS, classNames, chart} from './util.js';

export async function trialPage(root, cleanups, id) {
  let trial = await api(`/trials/${id}`);
  let epochs = [];
  document.title = `Trial ${id} · Hypergrid`;
  const classes = classNames(trial.parameters.dataset);

  const title = h('h1', {});
  const summary = h('div', {class: 'cols'});
  const chartBox = (cid, label) => h('div', {class: 'chart', id: cid, role: 'img', 'aria-label': label});
  const lossEl = chartBox('loss-chart', 'Training and validation loss per epoch');
  const costEl = chartBox('cost-chart', 'Training and validation cost per epoch');
  const accEl = chartBox('accuracy-chart', 'Training and validation accuracy per epoch');
  const classEl = chartBox('class-chart', 'Test accuracy per class');
  const confusion = h('div', {class: 'scroll', id: 'confusion'});
  const weights = h('div', {class: 'weights', id: 'weights'});
  const finished = h('div', {class: 'stack'});

  root.append(title, summary,
      h('div', {class: 'cols', style: {marginTop: '1rem'}},
          h('section', {class: 'panel'}, h('h2', {}, 'Loss per epoch'), lossEl),
          h('section', {class: 'panel'}, h('h2', {}, 'Cost per epoch (loss + λ‖W‖²)'), costEl),
          h('section', {class: 'panel'}, h('h2', {}, 'Accuracy per epoch'), accEl)),
      finished);

  const loss = chart(lossEl, cleanups), cost = chart(costEl, cleanups), acc = chart(accEl, cleanups);
  let perClass = null;

  function drawSummary() {
    const t = trial, p = t.parameters, r = t.results;
    title.replaceChildren(h('a', {href: `#/searches/${t.searchId}`, 'aria-label': `Back to search ${t.searchId}`}, `Search #${t.searchId}`),
        ` › trial #${t.id} `, badge(t.state));
    summary.replaceChildren(
        h('section', {class: 'panel', 'aria-label': 'Parameters'}, h('h2', {}, 'Parameters'),
            h('dl', {class: 'kv', id: 'parameters'}, Object.entries(p).flatMap(([k, v]) => [h('dt', {}, LABELS[k] || k),
              h('dd', {}, k === 'lambda' || k === 'eta' ? num(v) : String(v))]))),
        h('section', {class: 'panel', 'aria-label': 'State and results'}, h('h2', {}, 'State and results'),
            h('dl', {class: 'kv'},
                h('dt', {}, 'State'), h('dd', {}, t.state.toLowerCase(), t.attempt > 1 ? ` (attempt ${t.attempt})` : ''),
                h('dt', {}, 'Epochs'), h('dd', {}, `${t.epochsDone} of ${p.epochs}`),
                h('dt', {}, 'Started'), h('dd', {}, when(t.startedAt)),
                h('dt', {}, 'Training time'), h('dd', {}, duration(t.trainingSeconds)),
                t.failureReason || t.stopReason ? [h('dt', {}, 'Reason'), h('dd', {}, t.failureReason || t.stopReason)] : null,
                r && t.state === 'PRUNED' ? [h('dt', {}, 'Results'), h('dd', {},
                  `those of epoch ${t.epochsDone}, where it was pruned; never evaluated on the test set`)] : null,
                r ? [h('dt', {}, 'Accuracy'), h('dd', {}, `train ${pct(r.trainAccuracy)} · validation ${pct(r.validationAccuracy)} · test ${pct(r.testAccuracy)}`),
                  h('dt', {}, 'Loss'), h('dd', {}, `train ${f4(r.trainLoss)} · validation ${f4(r.validationLoss)} · test ${f4(r.testLoss)}`),
                  h('dt', {}, 'Cost'), h('dd', {}, `train ${f4(r.trainCost)} · validation ${f4(r.validationCost)} · test ${f4(r.testCost)}`)]
                  : null),
            h('p', {}, h('a', {href: `#/compare?ids=${t.id}`}, 'Compare with other trials'))));
  }

  const f4 = v => v === null || v === undefined ? '–' : v.toFixed(4);

  function curves(c, key, percent) {
    const series = [['train', 'Training'], ['validation', 'Validation']].map(([k, label]) => ({
      name: label, type: 'line', showSymbol: epochs.length < 60,
      data: epochs.map(e => [e.epoch, e[k + key]]),
    }));
    c.setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => percent ? pct(v) : v?.toFixed(4)},
      legend: {top: 0},
      grid: {left: 50, right: 16, top: 34, bottom: 40},
      xAxis: {type: 'value', name: 'epoch', nameLocation: 'middle', nameGap: 26, minInterval: 1},
      yAxis: {type: 'value', scale: true, axisLabel: {formatter: v => percent ? (100 * v).toFixed(0) + '%' : v}},
      series,
    }, {notMerge: true});
    c.getDom().dataset.points = epochs.length;
  }

  function drawFinished() {
    const t = trial;
    if (t.state !== 'SUCCEEDED' || finished.childElementCount) return;
    const classBox = h('section', {class: 'panel'}, h('h2', {}, 'Test accuracy per class'), classEl);
    const matrixBox = h('section', {class: 'panel'}, h('h2', {}, 'Confusion matrix on the test set (rows: true class, columns: predicted)'), confusion);
    const img = h('img', {'data-api-src': `/api/trials/${t.id}/weights.png`, id: 'weights-image', width: 1316, height: 128,
      alt: `The learned weights of trial ${t.id} as one colour template per class: ${classes.join(', ')}`});
    weights.replaceChildren(img, h('div', {class: 'labels', 'aria-hidden': 'true'}, classes.map(c => h('span', {}, c))));
    finished.append(h('div', {class: 'cols', style: {marginTop: '1rem'}}, classBox, matrixBox),
        h('section', {class: 'panel', style: {marginTop: '1rem'}}, h('h2', {}, 'The learned weights: one template per class'),
            weights, h('p', {class: 'muted'}, 'Each row of W as a 32 × 32 colour image, scaled to its own minimum and maximum.')));
    perClass = chart(classEl, cleanups);
    const accs = t.testClassAccuracy || [];
    perClass.setOption({
      animation: false,
      tooltip: {trigger: 'axis', valueFormatter: v => pct(v)},
      grid: {left: 44, right: 10, top: 10, bottom: 70},
      xAxis: {type: 'category', data: classes.slice(0, accs.length), axisLabel: {rotate: 45, interval: 0}},
      yAxis: {type: 'value', min: 0, max: 1, axisLabel: {formatter: v => (100 * v).toFixed(0) + '%'}},
      series: [{type: 'bar', name: 'test accuracy', data: accs, itemStyle: {color: '#2563eb'},
        label: {show: true, position: 'top', formatter: p => (100 * p.value).toFixed(0), fontSize: 10}}],
    });
    classEl.dataset.bars = accs.length;
    drawConfusion(t.confusion || []);
  }

  function drawConfusion(m) {
    const rowTotals = m.map(r => r.reduce((a, b) => a + b, 0));
    confusion.replaceChildren(h('table', {class: 'confusion'},
        h('thead', {}, h('tr', {}, h('th', {scope: 'col'}, 'true \\ predicted'),
            classes.slice(0, m.length).map(c => h('th', {scope: 'col', class: 'num'}, c.slice(0, 5))))),
        h('tbody', {}, m.map((row, i) => h('tr', {}, h('th', {scope: 'row'}, classes[i]),
            row.map((n, j) => {
              const share = rowTotals[i] ? n / rowTotals[i] : 0;
              // one light-to-dark hue: the eye goes to the diagonal and to the big confusions, not to every cell
              const t = Math.min(1, share / 0.6);
              return h('td', {class: 'num confusion-cell' + (i === j ? ' diagonal' : ''),
                title: `${classes[i]} predicted as ${classes[j]}: ${n} (${pct(share, 1)} of ${classes[i]})`,
                style: {background: `rgba(37, 99, 235, ${(0.04 + 0.96 * t).toFixed(3)})`, color: t > 0.5 ? '#fff' : '#111'}}, n);
            }))))));
  }

  async function refresh() {
    [trial, epochs] = await Promise.all([api(`/trials/${id}`), api(`/trials/${id}/epochs`)]);
    drawSummary();
    curves(loss, 'Loss', false);
    curves(cost, 'Cost', false);
    curves(acc, 'Accuracy', true);
    drawFinished();
  }

  const stop = poll(refresh, 2000, () => active(trial.state));
  cleanups.push(stop);
  await refresh();
}
