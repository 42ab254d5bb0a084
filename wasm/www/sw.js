// Keeps the calculator usable offline once it has been opened: the page, its script, style and
// the WebAssembly package are served from the cache, and refreshed from the server when online.
// A share link (the page with its inputs in the query) is served the cached page.
const CACHE = "beregner-v2";
const FILES = ["./", "index.html", "app.js", "style.css", "pkg/beregner_wasm.js", "pkg/beregner_wasm_bg.wasm"];

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(FILES)));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k !== CACHE).map((k) => caches.delete(k)))));
});

self.addEventListener("fetch", (event) => {
  if (event.request.method !== "GET" || new URL(event.request.url).origin !== location.origin) return;
  event.respondWith(
    fetch(event.request)
      .then((response) => {
        const copy = response.clone();
        caches.open(CACHE).then((cache) => cache.put(event.request, copy));
        return response;
      })
      .catch(() => caches.match(event.request, { ignoreSearch: true }).then((hit) => hit ?? caches.match("index.html"))),
  );
});
