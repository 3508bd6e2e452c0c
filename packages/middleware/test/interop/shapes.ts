// Readers for the results of the interop suites, whichever shape the front door takes: a proxy result
// (`statusCode`, `headers`/`multiValueHeaders`, `isBase64Encoded`) or CloudFront's (`status` a string,
// headers as `{ key, value }` entries under the lower-cased name, `bodyEncoding`). And what CloudFront's
// triggers keep of an answer: a viewer response keeps CloudFront's status and the origin's body, and a
// request continuing is no response at all. The oracle judges every result first; these only read.
import type { FrontDoor } from 'middy-proxy-response'
import { event, type InputOf } from 'middy-proxy-response/testing'
import { type CloudFrontDoor, decodedBody, isCloudFrontDoor } from '../oracle/contract.js'

export type Obj = Record<string, unknown>
type Entry = { key?: unknown; value?: unknown }

export { isCloudFrontDoor }

/** Whether `result` is a CloudFront request sent on (to the cache or the origin) rather than a response. */
export const isEdgeRequest = (result: unknown): boolean =>
  typeof result === 'object' &&
  result !== null &&
  !('status' in result) &&
  ['uri', 'method', 'clientIp', 'querystring'].filter((key) => key in result).length >= 2

/** The status a result answers, as a number: `statusCode`, or CloudFront's string `status`. */
export const statusOf = (result: unknown): number | undefined => {
  if (typeof result !== 'object' || result === null) return undefined
  const { statusCode, status } = result as Obj
  if (typeof statusCode === 'number') return statusCode
  return typeof status === 'string' ? Number(status) : undefined
}

/** Every value of a header of a result (or of a CloudFront request), in the order the front door sends them. */
export const headerValues = (result: unknown, name: string): string[] => {
  if (typeof result !== 'object' || result === null) return []
  const lower = name.toLowerCase()
  const out: string[] = []
  const { headers, multiValueHeaders } = result as Obj
  for (const [key, value] of Object.entries((headers ?? {}) as Obj)) {
    if (key.toLowerCase() !== lower) continue
    if (Array.isArray(value)) {
      for (const entry of value as Entry[]) if (typeof entry.value === 'string') out.push(entry.value)
    } else if (typeof value === 'string') {
      out.push(value)
    }
  }
  for (const [key, values] of Object.entries((multiValueHeaders ?? {}) as Obj)) {
    if (key.toLowerCase() === lower && Array.isArray(values)) out.push(...(values as string[]))
  }
  return out
}

/** The value of a header (several joined with `, `, as a proxy front door joins them), or undefined. */
export const headerOf = (result: unknown, name: string): string | undefined => {
  const values = headerValues(result, name)
  return values.length === 0 ? undefined : values.join(', ')
}

/** The body a caller receives, as UTF-8 text (base64 decoded); empty when the result carries none. */
export const textOf = (result: unknown): string => decodedBody(result).toString('utf8')

/** `Records[0].cf` of a CloudFront event. */
export const cfOf = (event: unknown): Obj => (((event as Obj).Records as Obj[])[0] as Obj).cf as Obj

/** The response CloudFront gave a response trigger (`Records[0].cf.response`). */
export const edgeResponseOf = (event: unknown): Obj => cfOf(event).response as Obj

/**
 * The status `door` answers when the function meant `status`: a viewer response keeps CloudFront's
 * ("cannot modify the HTTP status code"), every other trigger and front door sends the function's.
 */
export const statusOnDoor = (door: FrontDoor, event: unknown, status: number): number =>
  door === 'cloudfront-viewer-response' ? Number(edgeResponseOf(event).status) : status

/**
 * Whether the function's own body reaches the caller on `door`: everywhere but a viewer response,
 * whose body is the origin's.
 */
export const sendsOwnBody = (door: FrontDoor): boolean => door !== 'cloudfront-viewer-response'

/** The CloudFront triggers among the package's front doors, in its order. */
export const edgeDoors = (doors: readonly FrontDoor[]): CloudFrontDoor[] => doors.filter(isCloudFrontDoor)

/**
 * `event(door, input)` of the testing subpath, with a JSON body given to a CloudFront trigger as the
 * JSON text and its content type, as the proxy builders send one: CloudFront's builders take text or
 * bytes (the "include body" option's base64) and throw on an object.
 */
export const requestOn = (door: FrontDoor, input: Obj = {}): Obj => {
  const { body } = input
  const json = body !== undefined && body !== null && typeof body === 'object' && !ArrayBuffer.isView(body)
  if (!isCloudFrontDoor(door) || !json) return event(door, input as InputOf<typeof door>) as unknown as Obj
  const headers = { 'content-type': 'application/json', ...(input.headers as Obj | undefined) }
  const given = { ...input, headers, body: JSON.stringify(body) }
  return event(door, given as InputOf<typeof door>) as unknown as Obj
}

/** Headers in CloudFront's shape, as the middleware writes them: the lower-cased name, the given spelling as `key`. */
export const edgeHeaders = (
  headers: Record<string, string>,
): Record<string, Array<{ key: string; value: string }>> =>
  Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), [{ key, value }]]))

/**
 * What CloudFront receives when proxyResponse() answers a thrown error on `door`: the error response in
 * CloudFront's shape (`status` a string, no `statusDescription`), or on a viewer response CloudFront's
 * response as it was, whose status the function cannot change.
 */
export const edgeErrorResult = (
  door: CloudFrontDoor,
  event: unknown,
  r: { status: number; headers: Record<string, string>; body: string },
): Obj =>
  door === 'cloudfront-viewer-response'
    ? edgeResponseOf(event)
    : { status: String(r.status), headers: edgeHeaders(r.headers), body: r.body }
