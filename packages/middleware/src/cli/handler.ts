// Runs a handler module in a child process (runner.ts), one invocation after the other, and collects
// how each ended. A handler that hangs is stopped at the timeout, one that exits or crashes is reported,
// and a fresh child carries on with the next invocation: none of it reaches the command's own process.
import { type ChildProcess, fork } from 'node:child_process'
import type { FrontDoor } from '../types.js'
import type { ChildMessage, Outcome, ParentMessage, Thrown } from './protocol.js'

/** One invocation to make: the sample event of a front door, or an event file's JSON. */
export type Invocation = { frontDoor?: FrontDoor; event?: string }

/** Options of {@link runHandler}. */
export type RunOptions = {
  file: string
  /** The module as the person named it, for messages. */
  label: string
  /** The export to invoke. */
  name: string
  invocations: readonly Invocation[]
  timeoutMs: number
  /** Node options for the child, such as `--experimental-strip-types`. */
  execArgv: readonly string[]
}

// In the workspace the command runs from its TypeScript source; published, from dist/.
const runner = new URL(import.meta.url.endsWith('.ts') ? './runner.ts' : './runner.js', import.meta.url)

type Event = ChildMessage | { type: 'exit'; how: string } | { type: 'timeout' }

/** A child process and what it said, read one message at a time. */
const start = (execArgv: readonly string[]) => {
  const proc: ChildProcess = fork(runner, [], {
    execArgv: [...execArgv],
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  })
  const tail: string[] = []
  const keep = (chunk: Buffer): void => {
    tail.push(...chunk.toString('utf8').split('\n').filter(Boolean))
    if (tail.length > 20) tail.splice(0, tail.length - 20)
  }
  proc.stdout?.on('data', keep)
  proc.stderr?.on('data', keep)
  const inbox: ChildMessage[] = []
  let ended: string | undefined
  let wake: (() => void) | undefined
  proc.on('message', (message: ChildMessage) => {
    inbox.push(message)
    wake?.()
  })
  proc.on('exit', (code, signal) => {
    ended = code === null ? `was killed by ${signal}` : `exited with code ${code}`
    wake?.()
  })
  proc.on('error', (error) => {
    ended = `could not run: ${error.message}`
    wake?.()
  })
  const next = (ms: number): Promise<Event> =>
    new Promise((resolve) => {
      const done = (event: Event): void => {
        clearTimeout(timer)
        wake = undefined
        resolve(event)
      }
      const timer = setTimeout(() => done({ type: 'timeout' }), ms)
      wake = () => {
        const message = inbox.shift()
        if (message !== undefined) done(message)
        else if (ended !== undefined) done({ type: 'exit', how: ended })
      }
      wake()
    })
  const send = (message: ParentMessage): void => {
    if (proc.connected) proc.send(message)
  }
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()))
  const running = (): boolean => proc.exitCode === null && proc.signalCode === null
  /** Ends a child that hangs or that failed. */
  const stop = (): void => {
    if (running()) proc.kill('SIGKILL')
  }
  /** Ends a child that is done: it exits on its own (and writes what Node writes at exit), or is killed. */
  const close = async (): Promise<void> => {
    if (!running()) return
    send({ type: 'exit' })
    let timer: NodeJS.Timeout | undefined
    await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 1_000)))])
    clearTimeout(timer)
    stop()
  }
  return { next, send, stop, close, tail }
}

type Child = ReturnType<typeof start>

const said = (error: Thrown): string => `${error.name}${error.message ? `: ${error.message}` : ''}`

const firstFrames = (error: Thrown): string =>
  (error.stack ?? '')
    .split('\n')
    .filter((line) => /^\s+at /.test(line))
    .slice(0, 3)
    .join('\n')

/**
 * Loads the handler in a fresh child; answers the child, or why the module cannot be checked (the
 * command's exit 2).
 */
const load = async (options: RunOptions): Promise<Child | string> => {
  const child = start(options.execArgv)
  // Loading a module may take a while (a large bundle, top-level await): as long as Lambda's init
  // phase may take, 10 s, or the invocation timeout when it is longer.
  const limit = Math.max(10_000, options.timeoutMs)
  const fail = async (why: string): Promise<string> => {
    await child.close()
    return why
  }
  const ready = await child.next(limit)
  if (ready.type !== 'ready') {
    return await fail(`the command could not start a process to run the handler (${describe(ready)})`)
  }
  child.send({ type: 'load', file: options.file, name: options.name, timeoutMs: options.timeoutMs })
  const loaded = await child.next(limit)
  switch (loaded.type) {
    case 'loaded':
      return child
    case 'load-error': {
      const frames = firstFrames(loaded.error)
      // Node's own type stripping takes erasable syntax only (no enum, no namespace, no parameter properties).
      const hint = /strip-only|TypeScript/.test(loaded.error.message)
        ? '\nNode only strips types: compile the handler first (tsc, esbuild) and check the .js file, or run the command through a loader (NODE_OPTIONS=--import=tsx).'
        : ''
      return await fail(
        `${options.label} threw while it was loading: ${said(loaded.error)}${frames ? `\n${frames}` : ''}${hint}`,
      )
    }
    case 'no-export': {
      const others = loaded.exports.length > 0 ? loaded.exports.join(', ') : 'nothing'
      return await fail(
        `${options.label} exports no function named "${options.name}" (it is ${loaded.found === 'undefined' ? 'missing' : `a ${loaded.found}`}); ` +
          `the module exports ${others}. Name the export to check: ${options.label}#<name>`,
      )
    }
    case 'crashed':
      return await fail(`${options.label} crashed while it was loading: ${said(loaded.error)}`)
    case 'exit':
      return await fail(
        `${options.label} ended the process while it was loading (it ${loaded.how})${lastLines(child)}`,
      )
    case 'timeout':
      return await fail(`${options.label} did not finish loading in ${limit / 1000} s`)
    default:
      return await fail(`the process running the handler said something unexpected (${loaded.type})`)
  }
}

const describe = (event: Event): string =>
  event.type === 'exit' ? `it ${event.how}` : event.type === 'timeout' ? 'it did not answer' : event.type

const lastLines = (child: Child): string =>
  child.tail.length > 0 ? `; its last output:\n${child.tail.slice(-5).join('\n')}` : ''

/**
 * Invokes the handler once per invocation, in order, in a child process. Answers every invocation's
 * outcome, or why the module cannot be checked.
 *
 * @example
 * await runHandler({ file, name: 'handler', invocations: [{ frontDoor: 'rest' }], timeoutMs: 3000, execArgv: [] })
 */
export const runHandler = async (options: RunOptions): Promise<Outcome[] | string> => {
  const outcomes: Outcome[] = []
  let child: Child | undefined
  try {
    for (const [id, invocation] of options.invocations.entries()) {
      if (child === undefined) {
        const loaded = await load(options)
        if (typeof loaded === 'string') return loaded
        child = loaded
      }
      child.send({ type: 'invoke', id, ...invocation })
      // The child stops an invocation that awaits forever itself, at the timeout, for the raw and the
      // wrapped run; this catches one that blocks the event loop, or a child that no longer answers.
      const answer = await child.next(options.timeoutMs * 2 + 1_500)
      if (answer.type === 'outcome') {
        outcomes.push(answer.outcome)
        continue
      }
      const raw =
        answer.type === 'crashed'
          ? { kind: 'exited' as const, how: `crashed on ${said(answer.error)}` }
          : answer.type === 'exit'
            ? { kind: 'exited' as const, how: answer.how }
            : { kind: 'timeout' as const }
      outcomes.push({ id, raw })
      child.stop()
      child = undefined
    }
    await child?.close()
    return outcomes
  } finally {
    child?.stop()
  }
}
