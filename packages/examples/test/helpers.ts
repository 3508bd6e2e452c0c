import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const fixtures = fileURLToPath(new URL('../../../fixtures/events/', import.meta.url))

/**
 * A published sample event from fixtures/events/<kind>/<name>.json, parsed afresh on every call: what a
 * user's own fixture file is to `invoke`, an event without a brand, whose front door is told at run time.
 */
export const fixture = <T = Record<string, unknown>>(path: string): NoInfer<T> =>
  JSON.parse(readFileSync(`${fixtures}${path}.json`, 'utf8'))

type Logged = { level: 'log' | 'warn' | 'error'; line: string }

/**
 * Runs `fn` with console.log/warn/error captured, so that the middleware's log lines neither clutter the
 * test output nor go unchecked. Writes to stderr count as errors: @middy/http-error-handler keeps a
 * reference to the console.error it found when it was imported.
 */
export const captureLogs = async <T>(fn: () => Promise<T>): Promise<{ value: T; logs: Logged[] }> => {
  const logs: Logged[] = []
  const saved = { log: console.log, warn: console.warn, error: console.error }
  const stderrWrite = process.stderr.write
  for (const level of ['log', 'warn', 'error'] as const) {
    console[level] = (...args: unknown[]) => logs.push({ level, line: args.map(String).join(' ') })
  }
  process.stderr.write = ((chunk: string | Uint8Array) => {
    logs.push({ level: 'error', line: String(chunk) })
    return true
  }) as typeof process.stderr.write
  try {
    return { value: await fn(), logs }
  } finally {
    Object.assign(console, saved)
    process.stderr.write = stderrWrite
  }
}
