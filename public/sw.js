// Aktionsplan service worker: keeps the meeting-record pages and the app files so that a reload
// without a connection still opens them. Always asks the network first; the copy is a fallback.
const CACHE = 'aktionsplan-protokoll-v1';
const RECORD_PAGE = /^\/intern\/termine\/\d+\/protokoll$/;

// Keeps a record page and the files it loads (script, WebAssembly, stylesheet).
async function keep(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  if (!response.ok || response.redirected) return;
  const html = await response.clone().text();
  const cache = await caches.open(CACHE);
  await cache.put(path, response);
  const assets = new Set([...html.matchAll(/["'](\/pkg\/[^"']+)["']/g)].map((m) => m[1]));
  await cache.addAll([...assets]);
}

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

// A record page names itself once it is open (it may have been reached by in-app navigation).
self.addEventListener('message', (event) => {
  const path = String(event.data || '');
  if (RECORD_PAGE.test(path)) event.waitUntil(keep(path).catch(() => undefined));
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const page = request.mode === 'navigate' && RECORD_PAGE.test(url.pathname);
  const asset = url.pathname.startsWith('/pkg/');
  if (!page && !asset) return;
  // Pages are kept by path (a confirmation in the query must not make a second copy).
  const key = page ? url.pathname : url.pathname + url.search;
  event.respondWith(
    fetch(request)
      .then((response) => {
        if (response.ok && !response.redirected) {
          const copy = response.clone();
          event.waitUntil(caches.open(CACHE).then((cache) => cache.put(key, copy)));
        }
        return response;
      })
      .catch(() => caches.open(CACHE)
        .then((cache) => cache.match(key, { ignoreVary: true, ignoreSearch: page }))
        .then((hit) => hit || Response.error())),
  );
});
