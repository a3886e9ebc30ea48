// Placeholder entry; the snippet issue (#4) replaces it with capture, consent gate, queue and transport.
declare global {
  interface Window {
    heed?: (...args: unknown[]) => void
  }
}
window.heed = window.heed || (() => {})
export {}
