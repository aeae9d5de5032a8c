// The search header's account of how the search runs: strategy, early stopping, repeats, stop conditions, exports.
import {h, pct, duration} from './util.js';

/** One line: "Random search: 4 points drawn with seed 3 · early stopping: ... · 2 repeats per configuration". */
export function describeStrategy(s) {
  const parts = [];
  const configurations = Math.round(s.trialCount / Math.max(1, s.repeats));
  parts.push(s.strategy === 'random' ? `Random search: ${configurations} points drawn with seed ${s.sampleSeed}`
      : s.strategy === 'tpe' ? `TPE: ${configurations} points, each proposed from the trials before it, seed ${s.sampleSeed}`
      : `Grid search: ${configurations} points`);
  const e = s.earlyStopping;
  if (e?.type === 'successiveHalving') {
    const by = e.trend == null ? '' : `, ranked by the accuracy at the rung plus ${e.trend} x its rise since half the rung`;
    parts.push(`early stopping: successive halving (first rung at epoch ${e.minEpochs}, keeps the top 1/${e.reductionFactor} at each rung${by})`);
  } else if (e?.type === 'median') {
    parts.push(`early stopping: median rule (after ${e.warmupEpochs} warm-up epochs, once ${e.minTrials} other trials reached the epoch)`);
  } else {
    parts.push('no early stopping');
  }
  parts.push(s.repeats > 1 ? `${s.repeats} repeats per configuration (repeat r trains with the configuration's seed + r)` : 'one run per configuration');
  return h('p', {class: 'strategy', id: 'strategy'}, parts.join(' · '));
}

/** Rows for the progress panel's key-value list: epochs saved, stop conditions and why it stopped. */
export function strategyFacts(s) {
  const limits = [];
  if (s.targetValidationAccuracy != null) limits.push(`validation ≥ ${pct(s.targetValidationAccuracy, 1)}`);
  if (s.maxWallSeconds != null) limits.push(`after ${duration(s.maxWallSeconds)}`);
  return [
    s.earlyStopping ? [h('dt', {}, 'Epochs saved'), h('dd', {id: 'epochs-saved'}, `${s.epochsSaved}`,
        h('span', {class: 'muted'}, ` (epochs the ${s.trials.PRUNED} pruned trials did not run)`))] : null,
    limits.length ? [h('dt', {}, 'Stop at'), h('dd', {}, limits.join(' or '))] : null,
    s.stopReason ? [h('dt', {}, 'Stopped'), h('dd', {id: 'stop-reason'}, s.stopReason)] : null,
  ].flat(); // h() flattens one level only
}

/** Links to the streamed exports of every trial. */
export function exportLinks(id) {
  return h('div', {class: 'row exports'}, h('span', {class: 'muted'}, 'Export every trial:'),
      h('a', {id: 'export-csv', href: `/api/searches/${id}/trials.csv`, download: `search-${id}-trials.csv`,
        'aria-label': `Download every trial of search ${id} as CSV`}, 'CSV'),
      h('a', {id: 'export-json', href: `/api/searches/${id}/trials.json`, download: `search-${id}-trials.json`,
        'aria-label': `Download every trial of search ${id} as JSON`}, 'JSON'));
}
