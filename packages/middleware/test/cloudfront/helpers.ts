// Shared by the CloudFront Lambda@Edge suites: the published event of each trigger (changed, when a test
// needs it, the way CloudFront itself could have sent it), and `answer`, which runs a handler through
// `middy(handler).use(proxyResponse())` as a user's function runs and has the oracle judge the result
// against the event as CloudFront sent it, before the handler could change it in place.
import middy from '@middy/core'
import * as assert from 'uvu/assert'
import { type LogEntry, type ProxyResponseOptions, proxyResponse, type Repair } from '../../src/index.js'
import { EDGE_EVENT_OF, loadEvent } from '../events.js'
import { captureLogs, context } from '../helpers.js'
import { assertContract, type CloudFrontDoor } from '../oracle/contract.js'

export type Obj = Record<string, unknown>
export type Entry = { key?: string; value: string }

export const REQUEST_DOORS: readonly CloudFrontDoor[] = [
  'cloudfront-viewer-request',
  'cloudfront-origin-request',
]
export const RESPONSE_DOORS: readonly CloudFrontDoor[] = [
  'cloudfront-origin-response',
  'cloudfront-viewer-response',
]
/** The triggers that may send a body of their own: a viewer response's body is the origin's. */
export const BODY_DOORS: readonly CloudFrontDoor[] = [
  'cloudfront-viewer-request',
  'cloudfront-origin-request',
  'cloudfront-origin-response',
]

export const isRequestDoor = (door: CloudFrontDoor): boolean => REQUEST_DOORS.includes(door)

/** `Records[0].cf` of an event. */
export const cfOf = (event: Obj): Obj => ((event.Records as Obj[])[0] as Obj).cf as Obj

/**
 * A fresh copy of the published event of `door` (or of `file`), changed by `change` before the handler
 * sees it: what CloudFront sent, not what the handler made of it.
 */
export const edgeEvent = (
  door: CloudFrontDoor,
  change?: (cf: Obj) => void,
  file = EDGE_EVENT_OF[door],
): Obj => {
  const event = loadEvent(file)
  change?.(cfOf(event))
  return event
}

/** What CloudFront gives the function to return: the request on a request trigger, else the response. */
export const givenOf = (door: CloudFrontDoor, event: Obj): Obj =>
  cfOf(event)[isRequestDoor(door) ? 'request' : 'response'] as Obj

/** Sets a header in CloudFront's shape, one entry per value. */
export const setEdgeHeader = (target: Obj, name: string, ...values: string[]): void => {
  const headers = target.headers as Record<string, Entry[]>
  headers[name.toLowerCase()] = values.map((value) => ({ key: name, value }))
}

/** The values of a header of a CloudFront result, `undefined` when it has none. */
export const valuesOf = (result: Obj, name: string): string[] | undefined =>
  (result.headers as Record<string, Entry[]> | undefined)?.[name]?.map((entry) => entry.value)

export type Answer = {
  /** What CloudFront receives. */
  result: Obj
  /** What the handler returned. */
  returned: unknown
  /** The event as CloudFront sent it, before the handler ran. */
  sent: Obj
  /** The event the handler was given, as it left it. */
  event: Obj
  repairs: Repair[]
  codes: string[]
  logs: LogEntry[]
}

/**
 * Runs `handler` behind `proxyResponse(options)` on `door`'s event (the published one unless `event` is
 * given), with every repair and log entry kept, and asserts that the oracle accepts the result against
 * the event as it was sent.
 */
export const answer = async (
  door: CloudFrontDoor,
  handler: (event: Obj) => unknown,
  {
    options = {},
    event = edgeEvent(door),
    label = door,
  }: { options?: ProxyResponseOptions; event?: Obj; label?: string } = {},
): Promise<Answer> => {
  const sent = structuredClone(event)
  const repairs: Repair[] = []
  const logs = captureLogs()
  let returned: unknown
  const wrapped = middy(async (e: Obj) => {
    returned = handler(e)
    return returned
  }).use(proxyResponse({ logger: logs.logger, onRepair: (repair) => repairs.push(repair), ...options }))
  const result = (await wrapped(event, context())) as Obj
  assertContract(result, door, label, sent)
  for (const repair of repairs) assert.is(repair.frontDoor, door, `${label}: ${repair.code}`)
  return {
    result,
    returned,
    sent,
    event,
    repairs,
    codes: repairs.map((repair) => repair.code),
    logs: logs.entries,
  }
}

/** The codes of the repairs made at a path naming `header` (any case). */
export const codesAt = (repairs: readonly Repair[], header: string): string[] =>
  repairs
    .filter((repair) => repair.path.toLowerCase() === `headers.${header.toLowerCase()}`)
    .map((repair) => repair.code)
