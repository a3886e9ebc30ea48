/** Whether D1 answers a trivial query; false on any error, so a health check never throws. */
export async function d1Answers(d1: D1Database): Promise<boolean> {
  try {
    return (await d1.prepare('SELECT 1 AS ok').first<{ ok: number }>())?.ok === 1
  } catch {
    return false
  }
}
