// Aktionsplan service worker: keeps the meeting-record pages and the app files so that a reload
// without a connection still opens them. Always asks the network first; the copy is a fallback.
// Record pages hold attendees' names, so a copy is kept for 12 hours at most, and it is dropped
// as soon as the server no longer shows the page (session ended, access taken away); logging
// out drops everything (Clear-Site-Data).
const CACHE = 'aktionsplan-protokoll-v2';
const RECORD_PAGE = /^\/intern\/termine\/\d+\/protokoll$/;
const MAX_AGE_MS = 12 * 60 * 60 * 1000;
const KEPT_AT = 'x-aufbewahrt-seit';

// Stores a copy stamped with the time it was kept.
async function store(cache, key, response) {
  const headers = new Headers(response.headers);
  headers.set(KEPT_AT, String(Date.now()));
  const body = await response.blob();
  await cache.put(key, new Response(body, { status: response.status, statusText: response.statusText, headers }));
}

function fresh(copy) {
  const keptAt = Number(copy.headers.get(KEPT_AT));
  return keptAt > 0 && Date.now() - keptAt < MAX_AGE_MS;
}

// Forgets every copy older than the limit.
async function prune() {
  const cache = await caches.open(CACHE);
  for (const request of await cache.keys()) {
    const copy = await cache.match(request);
    if (!copy || !fresh(copy)) await cache.delete(request);
  }
}

// Keeps a record page and the files it loads (script, WebAssembly, stylesheet).
async function keep(path) {
  const response = await fetch(path, { credentials: 'same-origin' });
  const cache = await caches.open(CACHE);
  if (!response.ok || response.redirected) {
    await cache.delete(path);
    return;
  }
  const html = await response.clone().text();
  await store(cache, path, response);
  const assets = new Set([...html.matchAll(/["'](\/pkg\/[^"']+)["']/g)].map((m) => m[1]));
  for (const asset of assets) {
    const file = await fetch(asset);
    if (file.ok) await store(cache, asset, file);
  }
}

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => event.waitUntil(
  caches.keys()
    .then((names) => Promise.all(names.filter((n) => n !== CACHE).map((n) => caches.delete(n))))
    .then(prune)
    .then(() => self.clients.claim()),
));

// A record page names itself once it is open (it may have been reached by in-app navigation).
self.addEventListener('message', (event) => {
  const path = String(event.data || '');
  if (RECORD_PAGE.test(path)) event.waitUntil(prune().then(() => keep(path)).catch(() => undefined));
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
          event.waitUntil(caches.open(CACHE).then((cache) => store(cache, key, copy)));
        } else if (page) {
          // The server no longer shows this page to this browser: forget the copy too.
          event.waitUntil(caches.open(CACHE).then((cache) => cache.delete(key)));
        }
        return response;
      })
      .catch(() => caches.open(CACHE)
        .then(async (cache) => {
          const copy = await cache.match(key, { ignoreVary: true, ignoreSearch: page });
          if (copy && fresh(copy)) return copy;
          if (copy) await cache.delete(key);
          return Response.error();
        })),
  );
});
