/**
 * The banner's only styles, adopted by its shadow root as a constructable stylesheet: no style
 * attributes and no inline <style>, so it works under a strict CSP (style-src 'self').
 * Themable from the page with CSS custom properties, which inherit into the shadow root:
 * --heed-bg, --heed-fg, --heed-muted, --heed-accent, --heed-accent-fg, --heed-link, --heed-focus,
 * --heed-radius, --heed-font. The defaults meet WCAG AA contrast (≥ 4.5:1).
 */
export const css =
  ':host{all:initial;--b:var(--heed-bg,#fff);--c:var(--heed-accent,#1f4fd1)}' +
  '.d{position:fixed;z-index:2147483646;inset-inline:1rem;bottom:1rem;max-width:34rem;max-height:calc(100vh - 2rem);overflow:auto;margin:auto;box-sizing:border-box;padding:1.25rem;border-radius:var(--heed-radius,.75rem);background:var(--b);color:var(--heed-fg,#1a1a1a);font:var(--heed-font,15px/1.5 system-ui,sans-serif);box-shadow:0 .5rem 2rem #0005;animation:i .2s}' +
  '@keyframes i{0%{opacity:0;translate:0 1rem}}' +
  '@media (prefers-reduced-motion:reduce){.d{animation:none}}' +
  'h2{margin:0 0 .5rem;font-size:1.15em}p{margin:0 0 1rem}a{color:var(--heed-link,#0645ad)}' +
  '.r{display:flex;flex-wrap:wrap;gap:.5rem}' +
  'button{flex:auto;min-height:2.75rem;padding:.5rem 1rem;border:2px solid var(--c);border-radius:.5rem;background:var(--b);color:var(--c);font:inherit;font-weight:600;cursor:pointer}' +
  '.p{background:var(--c);color:var(--heed-accent-fg,#fff)}' +
  ':focus-visible{outline:3px solid var(--heed-focus,#b45309);outline-offset:2px}' +
  'label{display:flex;gap:.75rem;margin-bottom:.75rem}input{width:1.25rem;height:1.25rem;margin:.2rem 0 0;flex:none;accent-color:var(--c)}' +
  'small{display:block;color:var(--heed-muted,#4a4a4a)}code{word-break:break-all}' +
  '.f{position:fixed;bottom:1rem;inset-inline-start:1rem}[hidden]{display:none}'
