// The messages between `check` and its child process (runner.ts), over Node's IPC channel.
import type { FrontDoor } from '../types.js'

/** What the middleware tells the probe on the Lambda context: that it runs, and for which front door. */
export type ProbeReport = { frontDoor: FrontDoor | undefined; fixed: boolean }

/** A thrown value, as far as it can be told. */
export type Thrown = { name: string; message: string; stack?: string }

/** How one invocation ended. `json` is the result as the Lambda runtime serializes it. */
export type Run =
  | { kind: 'returned'; json: string }
  | { kind: 'threw'; error: Thrown }
  | { kind: 'unserializable'; message: string }
  | { kind: 'timeout' }
  | { kind: 'exited'; how: string }

/**
 * One invocation of the handler: as it is, and, when it is not wrapped in `proxyResponse()` (the
 * probe heard nothing), wrapped in it; or why it could not be wrapped.
 */
export type Outcome = {
  id: number
  raw: Run
  probe?: ProbeReport
  wrapped?: Run
  middy?: string
  /** The handler answered through Lambda's callback, which Middy does not call handlers with. */
  callback?: boolean
}

export type ParentMessage =
  | { type: 'load'; file: string; name: string; timeoutMs: number }
  | { type: 'invoke'; id: number; frontDoor?: FrontDoor; event?: string }
  | { type: 'exit' }

export type ChildMessage =
  | { type: 'ready' }
  | { type: 'loaded' }
  | { type: 'load-error'; error: Thrown }
  | { type: 'no-export'; exports: string[]; found: string }
  | { type: 'outcome'; outcome: Outcome }
  | { type: 'crashed'; error: Thrown }
