// Preloaded with `--import` into every uvu run of `pnpm test` (see scripts/uvu.mjs). uvu runs every test
// file in one process, and Node ends a process on an unhandled rejection or an uncaught exception: one
// faulty test, or one faulty line of src that leaks a rejection, would end the run before the remaining
// files ran, and their tests would be counted neither passed nor failed. Here such an event becomes a
// failure of the file whose suite was running when Node reported it: uvu prints it with the error and
// counts it in its Total (so the `N failed` line of scripts/test.mjs counts it), the exit code is 1, and
// the remaining files run.
//
// It reads uvu's queue (`globalThis.UVU_QUEUE`, one group per file: its name, then one function per
// suite, uvu 0.5): each suite's function is wrapped, and what Node reported while it ran is added to
// its result. If uvu ever stops using that queue, every event is still printed at exit and fails the
// run through the exit code.
import { inspect } from 'node:util'

/** Events Node reported that no suite has answered for yet. */
const pending = []

for (const kind of ['unhandledRejection', 'uncaughtException']) {
  // A listener is what keeps Node from ending the process.
  process.on(kind, (error) => pending.push({ kind, error }))
}

const describe = ({ kind, error }) =>
  `${kind === 'unhandledRejection' ? 'an unhandled rejection' : 'an uncaught exception'}: ${inspect(error)}`

/** What uvu prints for a failure, in its form (` FAIL `, then each error indented). */
const failure = (where, events, when = '') =>
  `  FAIL  ${where}: ${events.length} error(s) no test awaited${when}\n` +
  events.map((event) => `    ${describe(event).split('\n').join('\n    ')}\n`).join('')

/** A suite's run (uvu resolves it to `[errors or true, passed, skipped, total]`), with the events of its time added. */
const guarded = (file, run) => async () => {
  const [errors, passed, skipped, total] = await run()
  // Node reports a rejection nobody handled once the microtasks of its tick have run: let those of
  // this suite's last test surface here rather than in the next suite.
  await new Promise((resolve) => setImmediate(resolve))
  if (pending.length === 0) return [errors, passed, skipped, total]
  const text = failure(file, pending.splice(0), ', reported while its suites ran')
  return [typeof errors === 'string' ? `${errors}\n${text}` : text, passed, skipped, total + 1]
}

/** One file's group: its name first, then the suites, which `suite.run()` pushes. */
class Group extends Array {
  push(...items) {
    const file = typeof this[0] === 'string' ? this[0] : 'a test file'
    return super.push(...items.map((item) => (typeof item === 'function' ? guarded(file, item) : item)))
  }
}

class Queue extends Array {
  push(...groups) {
    return super.push(...groups.map((group) => (Array.isArray(group) ? Group.from(group) : group)))
  }
}

globalThis.UVU_QUEUE = new Queue()

process.on('exit', () => {
  if (pending.length === 0) return
  process.stderr.write(`\n${failure('after the last suite', pending.splice(0))}`)
  process.exitCode = process.exitCode || 1
})
