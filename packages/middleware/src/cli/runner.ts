// The child process of `check` for a handler: it loads the handler module, invokes it as Lambda would
// for each event the parent sends, and reports what came back as JSON, which is what a front door
// receives. Apart from the parent, so that a handler that hangs, exits or crashes takes only this
// process with it.
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { proxyResponse } from '../index.js'
import { event, lambdaContext } from '../testing/index.js'
import type { FrontDoor } from '../types.js'
import type { ChildMessage, Outcome, ParentMessage, ProbeReport, Run, Thrown } from './protocol.js'

const PROBE = Symbol.for('middy-proxy-response.probe')

const send = (message: ChildMessage, then?: () => void): void => {
  process.send?.(message, undefined, {}, () => then?.())
}

const thrown = (error: unknown): Thrown => {
  if (typeof error === 'object' && error !== null) {
    const { name, message, stack } = error as Record<string, unknown>
    return {
      name: typeof name === 'string' ? name : 'Error',
      message: typeof message === 'string' ? message : '',
      ...(typeof stack === 'string' ? { stack } : {}),
    }
  }
  return { name: typeof error, message: String(error) }
}

// An error thrown outside the invocation's promise (in a timer, an event handler) or a rejection
// nobody handles: the Lambda runtime crashes on it. Said to the parent before this process ends.
const crash = (error: unknown): void => {
  send({ type: 'crashed', error: thrown(error) }, () => process.exit(70))
  setTimeout(() => process.exit(70), 500).unref()
}
process.on('uncaughtException', crash)
process.on('unhandledRejection', crash)

type Handler = (
  event: unknown,
  context: unknown,
  callback?: (error?: unknown, result?: unknown) => void,
) => unknown

let handler: Handler | undefined
let file = ''
let timeoutMs = 3000
let middy: ((fn: Handler) => { use: (mw: unknown) => Handler }) | undefined
let middyProblem: string | undefined

/** What a module exports, by name and kind, for the message of an export that is not a function. */
const exportsOf = (module: Record<string, unknown>): string[] =>
  Object.keys(module).map((name) => `${name} (${typeof module[name]})`)

const load = async (path: string, name: string, timeout: number): Promise<void> => {
  file = path
  timeoutMs = timeout
  let module: Record<string, unknown>
  try {
    module = (await import(pathToFileURL(path).href)) as Record<string, unknown>
  } catch (error) {
    send({ type: 'load-error', error: thrown(error) })
    return
  }
  // A CommonJS module's exports are its default export too; `exports.handler` is found either way.
  const cjs = module.default
  const found =
    module[name] ??
    (typeof cjs === 'object' && cjs !== null ? (cjs as Record<string, unknown>)[name] : undefined)
  if (typeof found !== 'function') {
    send({ type: 'no-export', exports: exportsOf(module), found: typeof found })
    return
  }
  handler = found as Handler
  send({ type: 'loaded' })
}

/**
 * `@middy/core` as the user's project has it: from the handler's folder up, then from the working
 * directory up. Resolved by hand from `node_modules`: it is ESM only, which `require.resolve` cannot
 * resolve, and `import.meta.resolve` resolves from this file, which may sit in another project (npx).
 */
const findMiddy = (): string | undefined => {
  for (const start of [dirname(file), process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      const root = join(dir, 'node_modules', '@middy', 'core')
      if (existsSync(join(root, 'package.json'))) {
        const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
          exports?: unknown
          main?: string
        }
        const entry = entryOf(manifest.exports) ?? manifest.main ?? 'index.js'
        return join(root, entry)
      }
      if (dirname(dir) === dir) break
    }
  }
  return undefined
}

/** The file of an `exports` map's root entry under Node's conditions for `import`. */
const entryOf = (exports: unknown): string | undefined => {
  if (typeof exports === 'string') return exports
  if (typeof exports !== 'object' || exports === null) return undefined
  const map = exports as Record<string, unknown>
  if ('.' in map) return entryOf(map['.'])
  for (const condition of ['node', 'import', 'default']) {
    if (condition in map) {
      const entry = entryOf(map[condition])
      if (entry !== undefined) return entry
    }
  }
  return undefined
}

const loadMiddy = async (): Promise<void> => {
  if (middy !== undefined || middyProblem !== undefined) return
  const path = findMiddy()
  if (path === undefined) {
    middyProblem = `@middy/core is not installed where the handler is (${dirname(file)}) nor in ${process.cwd()}`
    return
  }
  try {
    const module = (await import(pathToFileURL(path).href)) as { default?: unknown }
    if (typeof module.default !== 'function') throw new Error('it has no default export')
    middy = module.default as NonNullable<typeof middy>
  } catch (error) {
    middyProblem = `@middy/core could not be loaded from ${path}: ${thrown(error).message}`
  }
}

/** Invokes a handler as the Lambda Node.js runtime does: an async handler, or one that calls back. */
const call = async (
  fn: Handler,
  lambdaEvent: unknown,
  probe: (report: ProbeReport) => void,
  calledBack = () => {},
): Promise<Run> => {
  const context = Object.assign(lambdaContext({ timeoutInMillis: timeoutMs }), { [PROBE]: probe })
  let timer: NodeJS.Timeout | undefined
  const settled = new Promise<unknown>((resolve, reject) => {
    const returned = fn(lambdaEvent, context, (error, result) => {
      calledBack()
      if (error) reject(error)
      else resolve(result)
    })
    if (typeof (returned as PromiseLike<unknown> | undefined)?.then === 'function') {
      ;(returned as PromiseLike<unknown>).then(resolve, reject)
    } else if (fn.length < 3) resolve(returned)
  })
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs)
  })
  try {
    const result = await Promise.race([settled, timeout])
    if (result === 'timeout') return { kind: 'timeout' }
    // What Lambda sends the front door: the result as JSON (undefined as null).
    try {
      return { kind: 'returned', json: JSON.stringify(result) ?? 'null' }
    } catch (error) {
      return { kind: 'unserializable', message: thrown(error).message }
    }
  } catch (error) {
    return { kind: 'threw', error: thrown(error) }
  } finally {
    clearTimeout(timer)
  }
}

const eventFor = (door: FrontDoor | undefined, json: string | undefined): unknown =>
  json !== undefined ? JSON.parse(json) : event(door as FrontDoor)

const invoke = async (
  id: number,
  door: FrontDoor | undefined,
  eventJson: string | undefined,
): Promise<void> => {
  if (handler === undefined) return
  let probe: ProbeReport | undefined
  let callback = false
  const raw = await call(
    handler,
    eventFor(door, eventJson),
    (report) => {
      probe ??= report
    },
    () => {
      callback = true
    },
  )
  const outcome: Outcome = { id, raw, ...(probe ? { probe } : {}), ...(callback ? { callback } : {}) }
  // Not wrapped in proxyResponse(): what it would send, unless nothing can (a hang, a crash).
  if (probe === undefined && raw.kind !== 'timeout') {
    await loadMiddy()
    if (middy !== undefined) {
      const wrapped = middy(handler).use(proxyResponse({ logger: false }))
      outcome.wrapped = await call(wrapped, eventFor(door, eventJson), () => {})
    } else outcome.middy = middyProblem ?? '@middy/core could not be loaded'
  }
  send({ type: 'outcome', outcome })
}

process.on('message', (message: ParentMessage) => {
  if (message.type === 'load') void load(message.file, message.name, message.timeoutMs)
  else if (message.type === 'invoke') void invoke(message.id, message.frontDoor, message.event)
  // Whatever the handler left running (timers, sockets), the work is done.
  else if (message.type === 'exit') process.exit(0)
})
send({ type: 'ready' })
