/** The entry of heed-capture.js, which heed.js loads from its endpoint (see capture/index.ts). */
import { attach } from './index'

try {
  attach()
} catch {}
