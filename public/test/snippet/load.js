// Test fixture loader (not part of the product): injects heed.js (IIFE) or heed.mjs (ESM) with this
// script's data-* options, merged with what the test put in window.__heedTest ({ build, endpoint, options }).
;(() => {
  const me = document.currentScript
  const t = window.__heedTest || {}
  const opts = Object.assign({}, me.dataset, t.options || {})
  if (t.endpoint) opts.endpoint = t.endpoint
  const s = document.createElement('script')
  if (t.build === 'esm') {
    s.type = 'module'
    s.textContent = `import { init } from '/heed.mjs'; init(${JSON.stringify(opts)})`
  } else {
    s.src = '/heed.js'
    for (const k in opts) s.dataset[k] = opts[k]
  }
  document.head.appendChild(s)
})()
