import { useEffect, useState } from 'preact/hooks'
import { ApiError, apiGet, type Params, queryString } from '../api'
import { useDashboard } from './context'

export interface Loaded<T> {
  data?: T
  error?: ApiError
  loading: boolean
}

/**
 * Answers kept for this page's life, so going back to a view shows it at once. The API's own
 * caching (ETag, max-age 60 s for periods with today) keeps them fresh enough for a dashboard.
 */
const answers = new Map<string, { at: number; value: unknown }>()
const FRESH_MS = 60_000

/** Forgets every kept answer (on sign-out: another key may see other data). */
export function clearAnswers() {
  answers.clear()
}

/**
 * GET `path` with `params` for the signed-in key; null skips the call. While a new answer loads,
 * the previous one stays shown (marked loading). A 401 ends the session.
 */
export function useApi<T>(path: string | null, params: Params = {}, opts: { tick?: number } = {}): Loaded<T> {
  const { key, signOut } = useDashboard()
  const url = path === null ? null : path + queryString(params)
  const [state, setState] = useState<Loaded<T> & { url: string | null }>(() => {
    const kept = url ? answers.get(url) : undefined
    return { url, data: kept?.value as T | undefined, loading: !!url && !kept }
  })
  useEffect(() => {
    if (url === null) {
      setState({ url, loading: false })
      return
    }
    const kept = answers.get(url)
    if (kept && Date.now() - kept.at < FRESH_MS && !opts.tick) {
      setState({ url, data: kept.value as T, loading: false })
      return
    }
    const abort = new AbortController()
    setState((s) => ({ url, data: s.data, loading: true }))
    apiGet<T>(key, url, abort.signal).then(
      (value) => {
        answers.set(url, { at: Date.now(), value })
        if (!abort.signal.aborted) setState({ url, data: value, loading: false })
      },
      (err: unknown) => {
        if (abort.signal.aborted) return
        if (err instanceof ApiError && err.status === 401) {
          signOut('The key is no longer accepted (it may have been revoked). Sign in again.')
          return
        }
        const error = err instanceof ApiError ? err : new ApiError(0, 'unknown', String(err))
        setState({ url, error, loading: false })
      },
    )
    return () => abort.abort()
  }, [url, key, opts.tick])
  return state
}
