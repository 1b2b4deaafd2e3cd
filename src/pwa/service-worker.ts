// The offline copy of framescope, by hand: on install it stores every file of the build, and it answers the page's
// requests for those files from that copy, so after the first visit the app loads and works with the network off.
// It asks for nothing but the build's own files and stores nothing else. Built into sw.js beside index.html by
// scripts/service-worker.mjs, which puts in the two constants below; the scope is the folder it is served from, so
// any sub-path works.

/** The build's files, relative to this script (index.html, assets/…, samples/…). */
declare const PRECACHE: readonly string[];
/** A digest of those files' contents: a new build is a new sw.js, which the browser installs in the background. */
declare const VERSION: string;

// The service-worker globals the DOM library does not describe.
interface LifecycleEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}
interface RequestEvent extends LifecycleEvent {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}
interface ServiceWorkerScope {
  readonly location: Location;
  skipWaiting(): Promise<void>;
  readonly clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', listener: (event: LifecycleEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: RequestEvent) => void): void;
}

const worker = self as unknown as ServiceWorkerScope;
const CACHE_PREFIX = 'framescope-';
const CACHE = `${CACHE_PREFIX}${VERSION}`;
const SCOPE = new URL('./', worker.location.href);
const PAGE = new URL('index.html', SCOPE).href;
const CACHED = new Set(PRECACHE.map((path) => new URL(path, SCOPE).href));

/** Stores one file of the build; any failure fails the install, which the next visit tries again. */
async function store(cache: Cache, url: string): Promise<void> {
  // cache: 'reload' skips the HTTP cache, so the copy is of this build and not of an older one.
  const response = await fetch(new Request(url, { cache: 'reload' }));
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  // A page load may not be answered with a redirected response, and some servers send index.html on to "./".
  const stored = response.redirected
    ? new Response(await response.blob(), {
        status: response.status,
        statusText: response.statusText,
        headers: response.headers,
      })
    : response;
  await cache.put(url, stored);
}

worker.addEventListener('install', (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => Promise.all([...CACHED].map((url) => store(cache, url))))
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  const stale = (name: string) => name.startsWith(CACHE_PREFIX) && name !== CACHE;
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter(stale).map((name) => caches.delete(name))))
      .then(() => worker.clients.claim()),
  );
});

/** The stored file a request is for: the page itself for the folder's address, or undefined when none is. */
function cachedUrl(request: Request): string | undefined {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  url.search = '';
  url.hash = '';
  if (url.href === SCOPE.href) return PAGE;
  return CACHED.has(url.href) ? url.href : undefined;
}

worker.addEventListener('fetch', (event) => {
  const url = cachedUrl(event.request);
  if (url === undefined) return;
  // The stored copy first; the network only when the browser has dropped it.
  event.respondWith(caches.match(url, { cacheName: CACHE }).then((hit) => hit ?? fetch(event.request)));
});
