/**
 * The row-level validation report of an import: what is wrong, where, and why — never the
 * offending value itself, so a report holds no personal data and can be kept with the import.
 */
export type IssueLevel = 'error' | 'warning'

export interface Issue {
  /** Line number in the file (the header is row 1). */
  row: number
  /** The column (CSV) or key (NDJSON) as written in the file, or the target field. */
  field: string | null
  /** Stable code, documented in docs/sources.md. */
  reason: string
  message: string
  level: IssueLevel
}

export interface ReportJson {
  errors: number
  warnings: number
  /** Issues per reason code (all of them, even past the listing cap). */
  counts: Record<string, number>
  issues: Issue[]
  /** True when more issues were found than listed. */
  truncated: boolean
}

export class Report {
  private issues: Issue[] = []
  private counts: Record<string, number> = {}
  errors = 0
  warnings = 0
  /** Data rows with at least one error (rows arrive in file order, so the last one is enough). */
  rejectedRows = 0
  private lastRejected = -1

  constructor(private readonly maxListed = 1000) {}

  add(issue: Issue, dataRow = true) {
    if (issue.level === 'error') {
      this.errors++
      if (dataRow && issue.row !== this.lastRejected) {
        this.rejectedRows++
        this.lastRejected = issue.row
      }
    } else this.warnings++
    this.counts[issue.reason] = (this.counts[issue.reason] ?? 0) + 1
    if (this.issues.length < this.maxListed) this.issues.push(issue)
  }

  error(row: number, field: string | null, reason: string, message: string) {
    this.add({ row, field, reason, message, level: 'error' })
  }

  /** An error about the file or its header rather than a data row. */
  fileError(row: number, field: string | null, reason: string, message: string) {
    this.add({ row, field, reason, message, level: 'error' }, false)
  }

  warning(row: number, field: string | null, reason: string, message: string) {
    this.add({ row, field, reason, message, level: 'warning' })
  }

  toJSON(): ReportJson {
    return {
      errors: this.errors,
      warnings: this.warnings,
      counts: this.counts,
      issues: this.issues,
      truncated: this.errors + this.warnings > this.issues.length,
    }
  }
}
