// Repeats: trials grouped by configuration (the heatmap, scatter and parallel coordinates show one value per
// configuration), and the table of GET /api/searches/{id}/top-configurations: mean ± sd, R, the spread flag.
import {h, pct, num, LABELS} from './util.js';

const BUSY = ['RUNNING', 'PENDING', 'FAILED', 'CANCELLED'];

/**
 * One entry per configuration (without repeats: per trial). Its value is the mean validation accuracy of its
 * succeeded repeats, as top-configurations ranks them; a configuration whose finished repeats were all pruned shows
 * the mean at the epochs they stopped at, marked pruned.
 */
export function byConfiguration(trials) {
  const groups = new Map();
  for (const t of trials) {
    if (!groups.has(t.configIndex)) groups.set(t.configIndex, []);
    groups.get(t.configIndex).push(t);
  }
  return [...groups.values()].map(repeats => {
    repeats.sort((a, b) => a.repeatIndex - b.repeatIndex);
    const succeeded = repeats.filter(t => t.state === 'SUCCEEDED');
    const pruned = repeats.filter(t => t.state === 'PRUNED' && t.results);
    const counted = succeeded.length ? succeeded : pruned;
    const value = counted.length ? counted.reduce((s, t) => s + t.results.validationAccuracy, 0) / counted.length : null;
    const state = succeeded.length === repeats.length ? 'SUCCEEDED'
        : BUSY.find(s => repeats.some(t => t.state === s)) || (succeeded.length ? 'SUCCEEDED' : 'PRUNED');
    return {
      configIndex: repeats[0].configIndex, first: repeats[0], parameters: repeats[0].parameters, repeats,
      succeeded: succeeded.length, pruned, value, prunedOnly: !succeeded.length && pruned.length > 0, state,
      prunedAt: pruned.length ? Math.min(...pruned.map(t => t.epochsDone)) : null,
      test: succeeded.length ? succeeded.reduce((s, t) => s + (t.results.testAccuracy ?? 0), 0) / succeeded.length : null,
    };
  });
}

/** "41.20 ± 0.35 %", or the mean alone when there is no spread (a single repeat). */
export function meanSd(spread) {
  if (!spread) return '–';
  return spread.sd === null || spread.sd === undefined ? pct(spread.mean)
      : `${(100 * spread.mean).toFixed(2)} ± ${(100 * spread.sd).toFixed(2)} %`;
}

/** The configurations panel: the table's rows and the note on the two best, redrawn from each ranking. */
export function configurationsPanel(dims) {
  const body = h('tbody');
  const note = h('p', {id: 'spread-note', role: 'note', class: 'flag'});
  const panel = h('section', {class: 'panel', id: 'configurations-panel', 'aria-labelledby': 'configurations-title'},
      h('h2', {id: 'configurations-title'}, 'Configurations by mean validation accuracy over their repeats'),
      h('div', {class: 'scroll'}, h('table', {id: 'configurations'},
          h('thead', {}, h('tr', {}, h('th', {}, '#'), dims.map(d => h('th', {class: 'num'}, LABELS[d] || d)),
              h('th', {class: 'num'}, 'Validation (mean ± sd)'), h('th', {class: 'num'}, 'Test (mean ± sd)'),
              h('th', {class: 'num', title: 'succeeded repeats averaged'}, 'R'), h('th', {}, 'Trials'))),
          body)),
      note);

  function draw(ranking) {
    const rows = ranking.configurations;
    body.replaceChildren(...(rows.length ? rows.map(c => h('tr', {class: 'config-row', dataset: {configIndex: c.configIndex}},
        h('td', {}, c.rank),
        dims.map(d => h('td', {class: 'num'}, num(c.parameters[d]))),
        h('td', {class: 'num'}, meanSd(c.validationAccuracy)),
        h('td', {class: 'num'}, meanSd(c.testAccuracy)),
        h('td', {class: 'num'}, c.repeats),
        h('td', {}, c.trialIds.flatMap((id, i) => [i ? ' ' : '', h('a', {href: `#/trials/${id}`}, `#${id}`)]))))
        : [h('tr', {}, h('td', {colspan: dims.length + 5, class: 'muted'}, 'No configuration has a succeeded repeat yet.'))]));
    const within = ranking.bestTwoWithinSpread;
    const gap = ranking.differenceOfBestTwo;
    note.dataset.within = String(within);
    note.className = 'flag' + (within ? ' within' : '');
    note.replaceChildren(within === true
        ? `⚠ The two best are within their spread: they differ by ${(100 * gap).toFixed(2)} points, less than the larger`
          + ' standard deviation of the two. These repeats cannot tell them apart.'
        : within === false
            ? `The best is ahead of the second by ${(100 * gap).toFixed(2)} points, more than either's standard deviation.`
            : 'The two best cannot be compared with their spread yet: that needs two configurations with at least two'
              + ' succeeded repeats each.');
  }
  return {panel, draw};
}
