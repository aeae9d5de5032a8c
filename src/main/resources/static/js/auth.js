// Access tokens for the dashboard (README, "Security and limits"). Loaded before app.js; the other modules need no
// change: every same-origin fetch of /api/... gets "Authorization: Bearer <token>" when a token is set here, and
// images whose address is in data-api-src are fetched the same way and shown from a blob: URL (an <img src> cannot
// send a header).
//
// The token is kept in sessionStorage, not localStorage: it lives as long as this tab and goes with it, is not
// shared with other tabs or left on disk after the browser closes. An admin token can change everything, so the
// cost (typing it again in a new tab) is worth it. Without tokens configured on the server the field is unused.
const KEY = 'hypergrid.token';
const token = () => sessionStorage.getItem(KEY);

const plainFetch = window.fetch.bind(window);
window.fetch = (input, init = {}) => {
  const url = new URL(input instanceof Request ? input.url : String(input), location.href);
  if (url.origin !== location.origin || !url.pathname.startsWith('/api/')) return plainFetch(input, init);
  const t = token();
  let options = init;
  if (t) {
    const headers = new Headers(init.headers || (input instanceof Request ? input.headers : undefined));
    if (!headers.has('Authorization')) headers.set('Authorization', `Bearer ${t}`);
    options = {...init, headers};
  }
  return plainFetch(input, options).then(response => {
    if (response.status === 401) needed();
    return response;
  });
};

function needed() {
  const input = document.getElementById('access-token');
  if (input) input.setAttribute('aria-invalid', 'true');
}

async function showImage(img) {
  const src = img.dataset.apiSrc;
  img.removeAttribute('data-api-src');
  if (!token()) {
    img.src = src;
    return;
  }
  const response = await window.fetch(src);
  if (!response.ok) return;
  const blobUrl = URL.createObjectURL(await response.blob());
  img.addEventListener('load', () => URL.revokeObjectURL(blobUrl), {once: true});
  img.src = blobUrl;
}

new MutationObserver(() => document.querySelectorAll('img[data-api-src]').forEach(showImage))
    .observe(document.documentElement, {childList: true, subtree: true});

function tokenForm() {
  const input = Object.assign(document.createElement('input'), {type: 'password', id: 'access-token',
    placeholder: 'access token', autocomplete: 'off'});
  input.setAttribute('aria-label', 'Access token (kept for this tab only)');
  const use = Object.assign(document.createElement('button'), {type: 'submit', textContent: 'Use token'});
  const forget = Object.assign(document.createElement('button'), {type: 'button', textContent: 'Forget'});
  const form = Object.assign(document.createElement('form'), {className: 'token', id: 'token-form'});
  form.append(input, use, forget);
  const refresh = () => {
    input.value = '';
    input.placeholder = token() ? 'token set for this tab' : 'access token';
    forget.hidden = !token();
    input.removeAttribute('aria-invalid');
    window.dispatchEvent(new HashChangeEvent('hashchange')); // the router loads the page again
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    if (input.value.trim()) sessionStorage.setItem(KEY, input.value.trim());
    refresh();
  });
  forget.addEventListener('click', () => { sessionStorage.removeItem(KEY); refresh(); });
  forget.hidden = !token();
  if (token()) input.placeholder = 'token set for this tab';
  return form;
}

document.querySelector('header.top')?.append(tokenForm());
