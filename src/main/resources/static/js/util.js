// Small shared helpers: DOM building, the JSON API, formatting, colours, polling.

/** Creates an element: h('a', {href: '#/'}, 'text', child). Attributes starting with "on" become listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'class') el.className = v;
    else if (k === 'style' && typeof v === 'object') Object.assign(el.style, v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** An error from the API, with its RFC 9457 problem details when there are some. */
export class ApiError extends Error {
  constructor(status, problem) {
    super(problem?.detail || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, options = {}) {
  const response = await fetch('/api' + path, {
    ...options,
    headers: {'Accept': 'application/json', ...(options.body ? {'Content-Type': 'application/json'} : {}), ...options.headers},
  });
  const text = await response.text();
  const body = text ? JSON.parse(text) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Every trial of a search, page by page (the API caps a page at 500). */
export async function allTrials(searchId) {
  const items = [];
  for (let page = 0; ; page++) {
    const p = await api(`/searches/${searchId}/trials?size=500&page=${page}`);
    items.push(...p.items);
    if (page + 1 >= p.totalPages || page >= 19) return items;
  }
}

export const pct = (v, digits = 2) => (v === null || v === undefined || Number.isNaN(v)) ? '–' : (100 * v).toFixed(digits) + ' %';
export const num = v => {
  if (v === null || v === undefined) return '–';
  if (typeof v !== 'number') return String(v);
  if (v === 0 || Number.isInteger(v)) return String(v);
  return Math.abs(v) < 0.001 || Math.abs(v) >= 1e5 ? v.toExponential() : String(+v.toPrecision(4));
};
export function duration(seconds) {
  if (seconds === null || seconds === undefined) return '–';
  const s = Math.round(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor(s % 3600 / 60)} min`;
}
/** Every trial state, in the order the dashboard lists them. PRUNED: stopped early by the search's rule. */
export const STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'PRUNED', 'FAILED', 'CANCELLED'];
export const when = iso => iso ? new Date(iso).toLocaleString(undefined, {dateStyle: 'medium', timeStyle: 'short'}) : '–';
export const active = state => state === 'PENDING' || state === 'RUNNING';

/** The API's names of the grid dimensions, as people write them. */
export const LABELS = {lambda: 'λ', eta: 'η', batchSize: 'batch', epochs: 'epochs', loss: 'loss', decayEvery: 'decay every',
  decayFactor: 'decay factor', shuffle: 'shuffle', seed: 'seed', split: 'split', dtype: 'dtype'};

export const CIFAR10 = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
export const classNames = (dataset, k = 10) => dataset === 'cifar10' ? CIFAR10 : Array.from({length: k}, (_, i) => `class ${i}`);

// viridis, sampled: perceptually even and readable for colour-blind people
const VIRIDIS = ['#440154', '#482878', '#3e4989', '#31688e', '#26828e', '#1f9e89', '#35b779', '#6ece58', '#b5de2b', '#fde725'];
export const RAMP = VIRIDIS;
export function colour(t) {
  if (t === null || Number.isNaN(t)) return '#e5e7eb';
  const x = Math.min(1, Math.max(0, t)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const f = x - i;
  const a = hex(VIRIDIS[i]), b = hex(VIRIDIS[i + 1]);
  return `rgb(${a.map((c, j) => Math.round(c + f * (b[j] - c))).join(',')})`;
}
const hex = s => [1, 3, 5].map(i => parseInt(s.slice(i, i + 2), 16));
/** Dark text on the light end of the ramp, white on the dark end. */
export const inkOn = t => t > 0.62 ? '#111' : '#fff';

export function badge(state) {
  return h('span', {class: `badge ${state}`}, state.toLowerCase());
}

export function progressBar(done, total, label) {
  const share = total ? done / total : 0;
  return h('div', {class: 'bar', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': total,
    'aria-valuenow': done}, h('span', {style: {width: (100 * share).toFixed(1) + '%'}}), h('em', {}, `${Math.floor(100 * share)} %`));
}

/** Repeats fn every ms while keep() says so; returns the function that stops it. */
export function poll(fn, ms, keep) {
  let timer = null, stopped = false;
  const tick = async () => {
    if (stopped) return;
    try { await fn(); } catch (e) { console.warn('refresh failed', e); }
    if (!stopped && keep()) timer = setTimeout(tick, ms);
  };
  timer = setTimeout(tick, ms);
  return () => { stopped = true; clearTimeout(timer); };
}

/** The problem details of a failed request as a list of "field: reason" lines. */
export function problemList(error) {
  const p = error.problem;
  const items = p?.errors?.length ? p.errors.map(e => h('li', {}, h('code', {}, e.field), ' ', e.reason))
      : [h('li', {}, p?.detail || error.message)];
  return h('ul', {class: 'problems', role: 'alert'}, items);
}

/** An ECharts chart that follows its container's size; disposed by the page's cleanup. */
export function chart(el, cleanups) {
  const c = echarts.init(el, null, {renderer: 'canvas'});
  const resize = () => c.resize();
  window.addEventListener('resize', resize);
  cleanups.push(() => { window.removeEventListener('resize', resize); c.dispose(); });
  return c;
}

/**
 * Follows a server-sent event stream of the API through fetch, so auth.js adds the token (an EventSource cannot send
 * a header). onEvent(name, data) for each event, its data parsed as JSON; onDrop(error) once if the stream fails or
 * closes before its 'end' event. Returns the function that stops following it.
 */
export function follow(path, onEvent, onDrop, onOpen = () => {}) {
  const control = new AbortController();
  let ended = false;
  (async () => {
    const response = await fetch('/api' + path, {headers: {Accept: 'text/event-stream'}, signal: control.signal});
    if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
    onOpen();
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    for (;;) {
      const {value, done} = await reader.read();
      if (done) break;
      buffer += value.replace(/\r\n?/g, '\n');
      for (let i; (i = buffer.indexOf('\n\n')) >= 0;) {
        const block = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        let name = 'message';
        const data = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) name = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
        }
        if (!data.length) continue; // a keep-alive comment
        if (name === 'end') ended = true;
        onEvent(name, JSON.parse(data.join('\n')));
      }
    }
    if (!ended) throw new Error('the event stream closed');
  })().catch(e => { if (!control.signal.aborted) onDrop(e); });
  return () => control.abort();
}
