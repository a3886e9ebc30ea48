import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import type { SiteSummary } from '../api'
import type { Formats } from '../format'
import type { UrlState } from '../state'

export interface DashboardContext {
  key: string
  site: SiteSummary
  fmt: Formats
  state: UrlState
  /** Changes the URL state (a new history entry unless `replace`). */
  go(patch: Partial<UrlState>, opts?: { replace?: boolean }): void
  /** Ends the session, with a message for the sign-in form. */
  signOut(message?: string): void
}

export const Dashboard = createContext<DashboardContext | null>(null)

export function useDashboard(): DashboardContext {
  const ctx = useContext(Dashboard)
  if (!ctx) throw new Error('useDashboard outside the dashboard')
  return ctx
}
