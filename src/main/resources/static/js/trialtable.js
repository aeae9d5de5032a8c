// Every trial of a search, a page at a time from GET /api/searches/{id}/trials: filtered by state, sorted by grid
// order or validation accuracy. A 100,000-trial search costs one page of 25 rows.
import {h, api, pct, num, LABELS, STATES, badge} from './util.js';

const SIZE = 25;

export function trialTable(id, dimensionNames) {
  let page = 0, state = '', sort = '', pages = 1;
  const body = h('tbody');
  const info = h('span', {class: 'muted', id: 'trials-page'});
  const prev = h('button', {type: 'button', 'aria-label': 'Previous page of trials', onclick: () => go(page - 1)}, '‹');
  const next = h('button', {type: 'button', 'aria-label': 'Next page of trials', onclick: () => go(page + 1)}, '›');
  const stateSelect = h('select', {'aria-label': 'Show the trials in this state', onchange: e => {
    state = e.target.value; go(0);
  }}, h('option', {value: ''}, 'every state'), STATES.map(s => h('option', {value: s}, s.toLowerCase())));
  const sortSelect = h('select', {'aria-label': 'Order of the trials', onchange: e => { sort = e.target.value; go(0); }},
      h('option', {value: ''}, 'grid order'), h('option', {value: 'validationAccuracy,desc'}, 'best validation first'));
  const panel = h('section', {class: 'panel', style: {marginTop: '1rem'}, 'aria-labelledby': 'trials-title'},
      h('div', {class: 'row', style: {justifyContent: 'space-between'}},
          h('h2', {id: 'trials-title'}, 'All trials'),
          h('div', {class: 'row'}, stateSelect, sortSelect, prev, info, next)),
      h('div', {class: 'scroll'}, h('table', {id: 'trials-table'}, h('thead', {}, h('tr', {},
          h('th', {}, 'Trial'), dimensionNames.map(d => h('th', {class: 'num'}, LABELS[d] || d)), h('th', {}, 'State'),
          h('th', {class: 'num'}, 'Epochs'), h('th', {class: 'num'}, 'Validation'), h('th', {class: 'num'}, 'Test'))),
      body)));

  async function load() {
    const q = new URLSearchParams({page, size: SIZE});
    if (state) q.set('state', state);
    if (sort) q.set('sort', sort);
    const p = await api(`/searches/${id}/trials?${q}`);
    pages = Math.max(1, p.totalPages);
    info.textContent = `page ${page + 1} of ${pages} (${p.totalItems ?? p.totalElements ?? '?'} trials)`;
    prev.disabled = page === 0;
    next.disabled = page + 1 >= pages;
    body.replaceChildren(...p.items.map(t => h('tr', {class: 'trial-row', dataset: {trialId: t.id, state: t.state}},
        h('td', {}, h('a', {href: `#/trials/${t.id}`}, `#${t.id}`)),
        dimensionNames.map(d => h('td', {class: 'num'}, num(t.parameters[d]))),
        h('td', {}, badge(t.state)),
        h('td', {class: 'num'}, `${t.epochsDone}/${t.parameters.epochs}`),
        h('td', {class: 'num'}, pct(t.results?.validationAccuracy)),
        h('td', {class: 'num'}, pct(t.results?.testAccuracy)))));
  }

  function go(p) {
    page = Math.max(0, Math.min(p, pages - 1));
    load().catch(e => console.warn('trials page failed', e));
  }

  return {panel, refresh: load};
}
