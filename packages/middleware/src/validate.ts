import { check } from './check.js'
import { detectFrontDoor, doors } from './doors.js'
import { snapshot } from './edge.js'
import { explain, valueAt } from './testing/explain.js'
import type { FrontDoor, Problem } from './types.js'

/**
 * Lists how `result` breaks the strict contract of `frontDoor`: an empty array when the front door
 * accepts it as it is. The rules are those the middleware builds its results by (doors.ts and
 * check.ts); a result the middleware passes through untouched is one this finds nothing in. Each
 * problem says which key holds what, what the front door wanted, and how to fix the handler. On
 * CloudFront, give the `event` as CloudFront sent it to have the read-only headers and a viewer
 * response's status checked against it too (an event of another trigger is not judged against).
 *
 * @example
 * assert.deepEqual(validateProxyResult(await handler(event, context), 'alb'), [])
 */
export function validateProxyResult(
  result: unknown,
  frontDoor: FrontDoor,
  options: { event?: unknown } = {},
): Problem[] {
  // The checker may report one code at one path more than once (two bad cookies in `cookies`): each
  // report is told which one it is, so that each sentence names its own cookie.
  const seen = new Map<string, number>()
  const problem = (code: string, path: string, value?: unknown): Problem => {
    const nth = seen.get(`${code} ${path}`) ?? 0
    seen.set(`${code} ${path}`, nth + 1)
    const facts = { path, frontDoor, result, nth, value: value === undefined ? valueAt(result, path) : value }
    return { code, path, ...explain(code, facts) }
  }
  const door = Object.hasOwn(doors, frontDoor) ? doors[frontDoor] : undefined
  if (door === undefined) return [problem('front-door-unknown', '')]
  const problems: Problem[] = []
  try {
    check(
      result,
      door,
      (code, path) => problems.push(problem(code, path)),
      // An event of another trigger (or front door) says nothing of what this trigger's CloudFront gave.
      door.edge && detectFrontDoor(options.event) === frontDoor ? snapshot(options.event, door) : undefined,
    )
  } catch (error) {
    problems.push(problem('unreadable', '', String(error)))
  }
  return problems
}
