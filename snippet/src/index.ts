/**
 * heed.js, the IIFE for `<script defer src="https://HOST/heed.js" data-site="SITE"></script>`.
 * Options are the script's data-attributes; the endpoint defaults to the script's own origin.
 * The capture chunk (heed-capture.js) comes from the same endpoint once the visitor allows analytics.
 */
import { loadChunk } from './api'
import { start } from './start'

const script = document.currentScript as HTMLScriptElement | null
script &&
  !window.heed?.loaded &&
  start({ ...script.dataset }, new URL(script.src).origin, () => loadChunk('capture'))
