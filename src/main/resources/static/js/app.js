// The dashboard's router: #/ (searches), #/searches/{id}, #/trials/{id}, #/compare?ids=1,2.
import {h} from './util.js';
import {searchesPage} from './searches.js';
import {searchPage} from './search.js';
import {trialPage} from './trial.js';
import {comparePage} from './compare.js';

const app = document.getElementById('app');
let cleanups = [];

function route() {
  cleanups.forEach(c => c());
  cleanups = [];
  const [path, query = ''] = location.hash.replace(/^#/, '').split('?');
  const params = new URLSearchParams(query);
  const parts = path.split('/').filter(Boolean);
  app.replaceChildren();
  window.scrollTo(0, 0);
  let page;
  if (parts.length === 0) page = searchesPage(app, cleanups);
  else if (parts[0] === 'searches' && /^\d+$/.test(parts[1] || '')) page = searchPage(app, cleanups, Number(parts[1]));
  else if (parts[0] === 'trials' && /^\d+$/.test(parts[1] || '')) page = trialPage(app, cleanups, Number(parts[1]));
  else if (parts[0] === 'compare') page = comparePage(app, cleanups, params);
  else {
    document.title = 'Not found · Hypergrid';
    app.append(h('div', {class: 'panel'}, h('h1', {}, 'No such page'), h('a', {href: '#/'}, 'All searches')));
    return;
  }
  Promise.resolve(page).catch(e => app.append(h('div', {class: 'panel', role: 'alert'},
      h('h1', {}, e.status === 404 ? 'Not found' : 'Could not load this page'), h('p', {}, e.message),
      h('a', {href: '#/'}, 'All searches'))));
}

window.addEventListener('hashchange', route);
route();
