import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Context } from 'aws-lambda'

const fixtures = fileURLToPath(new URL('../../../fixtures/events/', import.meta.url))

/** A published sample event from fixtures/events/<kind>/<name>.json, parsed afresh on every call. */
export const fixture = <T = Record<string, unknown>>(path: string): NoInfer<T> =>
  JSON.parse(readFileSync(`${fixtures}${path}.json`, 'utf8')) as T

/** A Lambda context with what the middleware reads. */
export const context = (): Context => ({
  callbackWaitsForEmptyEventLoop: true,
  functionName: 'example',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:us-east-1:123456789012:function:example',
  memoryLimitInMB: '1024',
  awsRequestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
  logGroupName: '/aws/lambda/example',
  logStreamName: '2026/01/01/[$LATEST]abcdef',
  getRemainingTimeInMillis: () => 30_000,
  done: () => {},
  fail: () => {},
  succeed: () => {},
})

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
