/**
 * The banner's only styles, adopted by its shadow root as a constructable stylesheet: no style
 * attributes and no inline <style>, so it works under a strict CSP (style-src 'self').
 * Themable from the page with CSS custom properties, which inherit into the shadow root:
 * --heed-bg, --heed-fg, --heed-muted, --heed-accent, --heed-link, --heed-focus, --heed-font.
 * The defaults meet WCAG AA contrast (≥ 4.5:1).
 */
export const css =
  ':host{all:initial}' +
  '.d{position:fixed;z-index:2147483647;bottom:1rem;inset-inline:1rem;max-width:34rem;max-height:90vh;overflow:auto;margin:auto;padding:1.25rem;border-radius:.75rem;background:var(--heed-bg,#fff);color:var(--heed-fg,#222);font:var(--heed-font,15px/1.5 system-ui,sans-serif);box-shadow:0 .5rem 2rem #0005;animation:i .2s}' +
  '@keyframes i{0%{opacity:0}}@media (prefers-reduced-motion:reduce){.d{animation:none}}' +
  'h2{font-size:1.15em;margin:0 0 .5rem}p{margin:0 0 1rem}a{color:var(--heed-link,#0645ad)}' +
  '.r{display:flex;flex-wrap:wrap;gap:.5rem}' +
  'button{flex:auto;padding:.6rem 1rem;border:2px solid var(--heed-accent,#1f4fd1);border-radius:.5rem;background:var(--heed-bg,#fff);color:var(--heed-accent,#1f4fd1);font:inherit;font-weight:600}' +
  '.p{background:var(--heed-accent,#1f4fd1);color:var(--heed-bg,#fff)}' +
  ':focus-visible{outline:3px solid var(--heed-focus,#b45309);outline-offset:2px}' +
  'label{display:flex;gap:.75rem;margin-bottom:.75rem}small{display:block;color:var(--heed-muted,#4a4a4a)}' +
  '.f{position:fixed;bottom:1rem;inset-inline-start:1rem}[hidden]{display:none}'
