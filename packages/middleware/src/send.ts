// The sending policy: a draft becomes the result its front door takes, within the front door's limit
// (compressed when the caller accepts it; a HEAD response without its body), or a clear error.
import type { Kit } from './compress.js'
import type { Door } from './doors.js'
import { type Draft, headerOf, ignore, type Sink, setHeader } from './draft.js'
import { emitEdge, type Snapshot } from './edge.js'
import { emit } from './emit.js'
import { ProxyResponseError } from './failure.js'
import { isHead, requestHeader } from './request.js'
import { bodyBytes, sizeOver } from './size.js'
import { forbidsBody } from './status.js'

/** What sending needs of the options. */
export type Sending = {
  compress: boolean
  compressAbove?: number | undefined
  binaryMediaTypes: readonly string[]
  /** Streaming mode (`middy-proxy-response/streaming`): the prelude and the body Middy streams. */
  stream?: ((draft: Draft, door: Door) => Record<string, unknown>) | undefined
}

type Result = Record<string, unknown>

// node:zlib and the code around it are loaded the first time a body is compressed; compress.ts takes
// what it uses of the core from here (see bodies.ts's header for why).
let zip: typeof import('./compress.js') | undefined
const kit: Kit = { forbidsBody, headerOf, isHead, requestHeader, setHeader }

function shape(draft: Draft, door: Door, theirs: Snapshot | undefined, sink: Sink): Result {
  return door.edge ? emitEdge(draft, door, theirs, sink) : emit(draft, door, sink)
}

/** The size of a result over its front door's limit, 0 when it fits (see size.ts). */
function over(result: Result, door: Door, draft: Draft): number {
  return sizeOver(
    result,
    door.limit,
    draft.jsonSafe,
    // emit counted the characters of what it made; CloudFront's headers are `{ key, value }` entries,
    // whose JSON bounds theirs.
    door.edge
      ? JSON.stringify(result.headers).length + String(result.statusDescription ?? '').length
      : draft.chars,
  )
}

/**
 * The result a draft becomes: streamed, or buffered within the front door's limit, compressed if need
 * be. A promise only the first time a body is compressed.
 */
export function send(
  event: unknown,
  door: Door,
  draft: Draft,
  sink: Sink,
  options: Sending,
  theirs?: Snapshot,
): Result | Promise<Result> {
  if (options.stream && door.streams) return options.stream(draft, door)
  const result = shape(draft, door, theirs, sink)
  const size = over(result, door, draft)
  const { compressAbove } = options
  if (
    !options.compress ||
    (size === 0 &&
      (compressAbove === undefined || bodyBytes(draft.body, draft.base64 === true) < compressAbove))
  ) {
    return fit(event, door, draft, result, size, '', theirs)
  }
  if (zip) return packed(zip, event, door, draft, result, size, options, theirs)
  return import('./compress.js').then((module) => {
    zip = module
    return packed(module, event, door, draft, result, size, options, theirs)
  })
}

function packed(
  module: typeof import('./compress.js'),
  event: unknown,
  door: Door,
  draft: Draft,
  result: Result,
  size: number,
  options: Sending,
  theirs: Snapshot | undefined,
): Result {
  const encoding = module.compress(kit, draft, event, door, options.binaryMediaTypes)
  if (!encoding) return fit(event, door, draft, result, size, '', theirs)
  const compressed = shape(draft, door, theirs, ignore)
  const packedSize = over(compressed, door, draft)
  // The compressed result if it fits; else the result as it was (which may fit, under compressAbove).
  return packedSize === 0
    ? compressed
    : fit(event, door, draft, result, size, `, ${packedSize} or more with ${encoding}`, theirs)
}

function fit(
  event: unknown,
  door: Door,
  draft: Draft,
  result: Result,
  size: number,
  how: string,
  theirs: Snapshot | undefined,
): Result {
  if (size === 0) return result
  // A HEAD response carries no body: the headers alone are the answer, and the front door computes the
  // Content-Length.
  if (isHead(event)) {
    draft.body = ''
    draft.headers.delete('content-length')
    return shape(draft, door, theirs, ignore)
  }
  throw new ProxyResponseError(
    'too-large',
    `the result is ${size} bytes or more${how}, over the ${door.name} limit of ${door.limit}`,
  )
}
