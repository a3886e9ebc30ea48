import type { ComponentType } from 'preact'
import { useEffect, useMemo, useRef, useState } from 'preact/hooks'
import { ApiError, apiGet, type SiteSummary } from './api'
import { formats } from './format'
import { forgetSession, readKey, readSites, storeSession } from './session'
import { parseState, stateToSearch, type UrlState, VIEWS, type View } from './state'
import { Dashboard, type DashboardContext } from './ui/context'
import { Controls, FilterChips } from './ui/controls'
import { focusHeadingOnNextView } from './ui/parts'
import { clearAnswers } from './ui/use-api'
import { Overview } from './views/overview'

interface Session {
  key: string
  sites: SiteSummary[]
}

/** Views other than the overview load when first opened. */
const LAZY: Record<Exclude<View, 'overview'>, () => Promise<{ default: ComponentType }>> = {
  funnels: () => import('./views/funnels'),
  revenue: () => import('./views/revenue'),
  search: () => import('./views/search'),
  audience: () => import('./views/audience'),
  quality: () => import('./views/quality'),
}

function signInError(err: unknown): string {
  if (err instanceof ApiError) {
    if (err.status === 401)
      return 'This key was not accepted. Check that you pasted all of it (it starts with heed_) and that it has not been revoked.'
    if (err.status === 403) return 'This key may not read statistics: it needs the read scope.'
    if (err.status === 429) return 'Too many attempts with this key. Wait a minute and try again.'
    return err.message
  }
  return 'Signing in failed. Try again.'
}

async function loadSites(key: string): Promise<SiteSummary[]> {
  const { data } = await apiGet<{ data: SiteSummary[] }>(key, '/sites?limit=1000')
  if (!data.length) throw new ApiError(403, 'forbidden', 'This key can read no site.')
  return data
}

function SignIn(props: { notice?: string; onSignedIn(s: Session): void }) {
  const [error, setError] = useState(props.notice)
  const [busy, setBusy] = useState(false)
  const input = useRef<HTMLInputElement>(null)
  useEffect(() => input.current?.focus(), [])
  async function submit(e: Event) {
    e.preventDefault()
    const key = input.current?.value.trim() ?? ''
    if (!key) {
      setError('Enter an API key.')
      return
    }
    setBusy(true)
    try {
      const sites = await loadSites(key)
      storeSession(key, sites)
      if (input.current) input.current.value = ''
      props.onSignedIn({ key, sites })
    } catch (err) {
      setError(signInError(err))
      input.current?.focus()
    } finally {
      setBusy(false)
    }
  }
  return (
    <main class="signin" id="main">
      <h1>Heed dashboard</h1>
      <form method="post" action="#" onSubmit={submit} aria-describedby="signin-help">
        <label for="api-key">API key</label>
        <input
          id="api-key"
          ref={input}
          type="password"
          name="api-key"
          autocomplete="off"
          spellcheck={false}
          aria-invalid={error ? 'true' : undefined}
          aria-describedby={error ? 'signin-error' : undefined}
        />
        {error && (
          <p id="signin-error" class="error" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      <p id="signin-help" class="muted">
        A key with the read scope, from <code>npm run heed -- keys create &lt;site&gt; --scopes read</code>.
        It stays in this tab only and is forgotten when the tab closes.
      </p>
    </main>
  )
}

function LazyView(props: { view: Exclude<View, 'overview'> }) {
  const [loaded, setLoaded] = useState<{ view: View; Component: ComponentType } | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    setFailed(false)
    LAZY[props.view]().then(
      (m) => live && setLoaded({ view: props.view, Component: m.default }),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [props.view])
  if (failed) return <p class="error">This view could not be loaded. Reload the page to try again.</p>
  if (!loaded || loaded.view !== props.view) return <p class="muted">Loading…</p>
  return <loaded.Component />
}

export function App() {
  // A reload shows the dashboard at once from the tab's stored session, and checks it meanwhile.
  const [session, setSession] = useState<Session | null>(() => {
    const key = readKey()
    const sites = readSites()
    return key && sites ? { key, sites } : null
  })
  const [checking, setChecking] = useState(() => readKey() !== null && session === null)
  const [notice, setNotice] = useState<string>()
  const [state, setState] = useState<UrlState>(() => parseState(location.search))

  useEffect(() => {
    const onPop = () => setState(parseState(location.search))
    addEventListener('popstate', onPop)
    return () => removeEventListener('popstate', onPop)
  }, [])

  // A reload keeps the session: the key from sessionStorage, checked again, and its sites refreshed.
  useEffect(() => {
    const key = readKey()
    if (!key) return
    // A restored session's first calls are the overview's; the check waits for them to leave
    // (a revoked key is caught by those calls as well: their 401 signs out).
    const restored = session !== null
    const check = () =>
      loadSites(key).then(
        (sites) => {
          if (readKey() !== key) return // signed out (or in with another key) meanwhile
          storeSession(key, sites)
          setSession({ key, sites })
          setChecking(false)
        },
        (err) => {
          if (readKey() !== key) return
          // Offline with a stored session: keep showing it; every card says when its call fails.
          if (err instanceof ApiError && err.status === 0 && readSites()) return
          forgetSession()
          clearAnswers()
          setSession(null)
          setNotice(signInError(err))
          setChecking(false)
        },
      )
    if (!restored) {
      check()
      return
    }
    const later = setTimeout(check, 3_000)
    return () => clearTimeout(later)
  }, [])

  const site = session ? (session.sites.find((s) => s.id === state.site) ?? session.sites[0]) : undefined
  // The URL names the site shown, so a shared link opens the same one.
  useEffect(() => {
    if (site && state.site !== site.id) {
      const next = { ...state, site: site.id }
      history.replaceState(null, '', location.pathname + stateToSearch(next))
      setState(next)
    }
  }, [site?.id, state.site])

  const fmt = useMemo(() => (site ? formats(site) : null), [site?.id, site?.currency, site?.timezone])

  const ctx: DashboardContext | null =
    session && site && fmt
      ? {
          key: session.key,
          site,
          fmt,
          state,
          go(patch, opts) {
            const next = { ...state, ...patch }
            // Another view (or a visitor's timeline): its heading takes the focus once it shows.
            if (next.view !== state.view || next.vid !== state.vid) focusHeadingOnNextView()
            const url = location.pathname + stateToSearch(next)
            if (opts?.replace) history.replaceState(null, '', url)
            else history.pushState(null, '', url)
            setState(next)
          },
          signOut(message) {
            forgetSession()
            clearAnswers()
            setSession(null)
            setNotice(message)
          },
        }
      : null

  if (checking) return <p class="muted boot">Signing in…</p>
  if (!ctx)
    return (
      <SignIn
        notice={notice}
        onSignedIn={(s) => {
          setNotice(undefined)
          setSession(s)
        }}
      />
    )
  return (
    <Dashboard.Provider value={ctx}>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header class="top">
        <Controls sites={session!.sites} />
        <nav aria-label="Views">
          <ul>
            {VIEWS.map((v) => (
              <li key={v.id}>
                <a
                  href={location.pathname + stateToSearch({ ...state, view: v.id, vid: undefined })}
                  aria-current={state.view === v.id ? 'page' : undefined}
                  onClick={(e) => {
                    if (e.ctrlKey || e.metaKey || e.shiftKey || e.button !== 0) return
                    e.preventDefault()
                    ctx.go({ view: v.id, vid: undefined })
                  }}
                >
                  {v.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <FilterChips />
      </header>
      <main id="main" tabIndex={-1}>
        {state.view === 'overview' ? <Overview /> : <LazyView view={state.view} />}
      </main>
    </Dashboard.Provider>
  )
}
