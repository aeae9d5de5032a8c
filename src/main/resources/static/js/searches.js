// #/ : every search with its state and progress, the form to submit a new grid, cancel and retry.
import {h, api, pct, when, badge, progressBar, poll, problemList, active} from './util.js';

const EXAMPLE = {
  name: 'synthetic lambda x eta x batch size',
  dataset: 'synthetic',
  grid: {lambda: [0, 0.01, 0.1], eta: {min: 0.0001, max: 0.01, count: 3, scale: 'log'}, batchSize: [50, 100]},
  fixed: {epochs: 10},
};
const ASSIGNMENT = {
  name: 'DD2424 assignment 1: lambda x eta x batch size',
  dataset: 'cifar10',
  grid: {lambda: [0, 0.01, 0.1, 1], eta: [0.1, 0.01, 0.001, 0.0001], batchSize: [10, 50, 100, 1000]},
  fixed: {epochs: 40, loss: 'softmax', split: 'batch1', seed: 0, dtype: 'float32'},
};

export async function searchesPage(root, cleanups) {
  document.title = 'Searches · Hypergrid';
  const tbody = h('tbody');
  const chosen = new Set(); // searches to compare, kept across refreshes
  const compareButton = h('button', {type: 'button', class: 'primary', disabled: true,
    'aria-label': 'Compare the selected searches\' histories',
    onclick: () => { location.hash = `#/compare?searches=${[...chosen].join(',')}`; }}, 'Compare selected');
  const list = h('section', {class: 'panel', 'aria-labelledby': 'searches-title'},
      h('h1', {id: 'searches-title'}, 'Searches'),
      h('div', {class: 'scroll'}, h('table', {id: 'searches'},
          h('thead', {}, h('tr', {},
              h('th', {}, 'Search'), h('th', {}, 'Data'), h('th', {}, 'State'), h('th', {}, 'Progress'),
              h('th', {class: 'num'}, 'Best validation'), h('th', {class: 'num'}, 'Its test'), h('th', {}, 'Created'),
              h('th', {}, h('span', {class: 'muted'}, 'Actions')), h('th', {}, 'Compare'))),
          tbody)),
      h('div', {class: 'row', style: {marginTop: '.6rem'}}, compareButton,
          h('span', {class: 'muted'}, 'their best validation accuracy so far on one chart')));
  root.append(list, submitForm(() => refresh()));

  let searches = [];
  async function refresh() {
    const page = await api('/searches?size=50');
    searches = page.items;
    tbody.replaceChildren(...(searches.length ? searches.map(row) : [h('tr', {}, h('td', {colspan: 9, class: 'muted'},
        'No searches yet: submit one below.'))]));
  }

  function row(s) {
    const best = s.best;
    const failedOrCancelled = s.trials.FAILED + s.trials.CANCELLED;
    return h('tr', {class: 'search-row', dataset: {searchId: s.id, state: s.state}},
        h('td', {}, h('a', {href: `#/searches/${s.id}`}, `#${s.id} ${s.name}`)),
        h('td', {}, s.dataset),
        h('td', {}, badge(s.state)),
        h('td', {}, progressBar(s.epochsDone, s.epochsTotal, `Progress of search ${s.id}: ${s.epochsDone} of ${s.epochsTotal} epochs`),
            h('div', {class: 'muted', style: {fontSize: '.75rem'}}, `${s.trials.SUCCEEDED + (s.trials.PRUNED ?? 0)} of ${s.trialCount} trials done`
                + (s.trials.PRUNED ? ` (${s.trials.PRUNED} pruned)` : ''))),
        h('td', {class: 'num'}, best ? pct(best.validationAccuracy) : '–'),
        h('td', {class: 'num'}, best ? pct(best.testAccuracy) : '–'),
        h('td', {}, when(s.createdAt)),
        h('td', {}, h('div', {class: 'row'},
            h('button', {type: 'button', 'aria-label': `Cancel search ${s.id}`, disabled: !active(s.state),
              onclick: () => act(s.id, 'cancel')}, 'Cancel'),
            h('button', {type: 'button', 'aria-label': `Retry the failed and cancelled trials of search ${s.id}`,
              disabled: failedOrCancelled === 0 || active(s.state), onclick: () => act(s.id, 'retry')}, 'Retry'))),
        h('td', {}, h('input', {type: 'checkbox', 'aria-label': `Compare search ${s.id}`, checked: chosen.has(s.id),
          onchange: e => {
            if (e.target.checked) chosen.add(s.id); else chosen.delete(s.id);
            compareButton.disabled = chosen.size === 0;
          }})));
  }

  async function act(id, action) {
    try {
      await api(`/searches/${id}/${action}`, {method: 'POST'});
    } catch (e) {
      alert(e.message);
    }
    await refresh();
    restart();
  }

  let stop = () => {};
  const restart = () => {
    stop();
    stop = poll(refresh, 2000, () => searches.some(s => active(s.state)));
  };
  cleanups.push(() => stop());
  await refresh();
  restart();
}

function submitForm(onSubmitted) {
  const editor = h('textarea', {class: 'json', id: 'search-json', spellcheck: 'false',
    'aria-label': 'The search to submit, as JSON', 'aria-describedby': 'submit-help'});
  editor.value = JSON.stringify(EXAMPLE, null, 2);
  const messages = h('div', {id: 'submit-messages'});
  const load = h('select', {'aria-label': 'Load an example grid', onchange: () => {
    editor.value = JSON.stringify(load.value === 'assignment' ? ASSIGNMENT : EXAMPLE, null, 2);
    messages.replaceChildren();
  }}, h('option', {value: 'synthetic'}, 'Example: synthetic data (no download)'),
      h('option', {value: 'assignment'}, 'Example: the assignment\'s grid on CIFAR-10'));
  const submit = h('button', {type: 'submit', class: 'primary', 'aria-label': 'Submit the search'}, 'Submit');

  async function send(event) {
    event.preventDefault();
    messages.replaceChildren();
    let body;
    try {
      body = JSON.parse(editor.value);
    } catch (e) {
      messages.append(h('ul', {class: 'problems', role: 'alert'}, h('li', {}, h('code', {}, 'body'), ' not JSON: ', e.message)));
      return;
    }
    submit.disabled = true;
    try {
      const s = await api('/searches', {method: 'POST', body: JSON.stringify(body)});
      messages.append(h('p', {class: 'notice', role: 'status'}, `Search #${s.id} queued: ${s.trialCount} trials. `,
          h('a', {href: `#/searches/${s.id}`}, 'Open it')));
      await onSubmitted();
    } catch (e) {
      messages.append(h('p', {}, e.problem?.title || 'Rejected'), problemList(e));
    } finally {
      submit.disabled = false;
    }
  }

  return h('section', {class: 'panel', 'aria-labelledby': 'submit-title'},
      h('h2', {id: 'submit-title'}, 'Submit a grid'),
      h('p', {id: 'submit-help', class: 'muted'}, 'Each dimension takes a list of values or a range {min, max, count, scale}; ',
          h('code', {}, 'fixed'), ' holds one value. The service checks everything and names each field it rejects.'),
      h('form', {onsubmit: send, 'aria-label': 'Submit a search'},
          h('div', {class: 'row', style: {marginBottom: '.5rem'}}, load),
          editor,
          h('div', {class: 'row', style: {marginTop: '.5rem'}}, submit),
          messages));
}
