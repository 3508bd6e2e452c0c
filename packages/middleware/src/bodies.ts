// Bodies few responses have, loaded the first time one appears: a web `Response`, what `new
// Response()` takes (Blob, File, FormData, URLSearchParams), streams, async iterables and iterators.
//
// It imports nothing from the core at run time: the core hands over what it uses (`Kit`). A bundler
// inlines a module loaded with import(), and esbuild then turns every module that module imports into
// a lazy initializer, the core included, which costs the cold start of every function, whether it
// ever reads such a body or not (packages/bench: 17.8 M instructions to import a bundle with the
// static imports, 14.7 M without, on Node 22).
import type { addHeaders, Draft, newDraft, setHeader } from './draft.js'
import type { ProxyResponseError } from './failure.js'
import type { isBytes, isStream, Kind } from './kinds.js'
import type { Context, setDescription } from './normalize.js'
import type { isStatusCode } from './status.js'

/** What this module uses of the core, handed over by its caller (normalize.ts). */
export type Kit = {
  addHeaders: typeof addHeaders
  isBytes: typeof isBytes
  isStatusCode: typeof isStatusCode
  isStream: typeof isStream
  newDraft: typeof newDraft
  ProxyResponseError: typeof ProxyResponseError
  setDescription: typeof setDescription
  setHeader: typeof setHeader
}

// Bodies that are UTF-8 text travel as text; anything else (images, archives, compressed or unknown
// content) as base64, so that no byte is altered on the way. A structured syntax suffix says text
// whatever the type: `image/svg+xml`, `application/vnd.api+json`.
const TEXT =
  /^(?:text\/|[\w.-]+\/[\w.+-]*\+(?:json|xml)\b|application\/(?:json|xml|javascript|ecmascript|x-www-form-urlencoded|graphql|yaml|x-yaml|x-ndjson|csv)\b)/i
const CHARSET = /;\s*charset\s*=\s*"?([\w-]*)/i

function headerOf(draft: Draft, lower: string): string {
  return draft.headers.get(lower)?.[1].join(', ') ?? ''
}

/**
 * Sets a body of bytes: as text when the draft's content type says UTF-8 text, no content coding
 * (`identity` is none) and the bytes are UTF-8 (so that no byte changes on the way), else as base64.
 */
function setBytes(draft: Draft, bytes: Buffer): void {
  const type = headerOf(draft, 'content-type')
  const encoding = headerOf(draft, 'content-encoding').toLowerCase()
  const text =
    TEXT.test(type) &&
    /^utf-?8$/i.test(CHARSET.exec(type)?.[1] ?? 'utf8') &&
    (encoding === '' || encoding === 'identity') &&
    process.getBuiltinModule('node:buffer').isUtf8(bytes)
  draft.body = bytes.toString(text ? 'utf8' : 'base64')
  draft.base64 = draft.jsonSafe = !text
}

function toBuffer(chunk: ArrayBufferView | ArrayBuffer): Buffer {
  return ArrayBuffer.isView(chunk)
    ? Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    : Buffer.from(chunk)
}

/**
 * Reads chunks to their end, stopping as soon as they hold more than `limit` bytes: no partial body is
 * ever sent. Strings and bytes are a body's bytes; any other values that an iterator or an async
 * iterable yields (records) are the items of a JSON array, measured as they come. A stream yields
 * bytes only, as Node's HTTP server takes them.
 */
async function readChunks(
  { isBytes, isStream, ProxyResponseError }: Kit,
  source: AsyncIterable<unknown> | Iterable<unknown>,
  limit: number,
): Promise<{ bytes: Buffer } | { json: string }> {
  const stream = isStream(source)
  const chunks: Buffer[] = []
  const items: string[] = []
  let size = 0
  try {
    // Leaving the loop early destroys a Node stream, cancels a web one and returns a generator.
    for await (const chunk of source) {
      const isText = typeof chunk === 'string'
      if (isText || isBytes(chunk)) {
        if (items.length > 0) throw new Error('a chunk is bytes among values')
        const bytes = isText ? Buffer.from(chunk) : toBuffer(chunk)
        size += bytes.length
        chunks.push(bytes)
      } else {
        if (stream || chunks.length > 0) throw new Error('a chunk is not bytes')
        // As JSON writes an array's items: a value without a JSON form is null.
        const item = JSON.stringify(chunk) ?? 'null'
        size += item.length + 1
        items.push(item)
      }
      if (size > limit) throw new ProxyResponseError('too-large', `the body passed ${limit} bytes`)
    }
  } catch (cause) {
    throw cause instanceof ProxyResponseError
      ? cause
      : new ProxyResponseError('unserializable', 'the body could not be read', { cause })
  }
  return items.length > 0 ? { json: `[${items.join(',')}]` } : { bytes: Buffer.concat(chunks) }
}

/** A web `Response` for a value `new Response()` takes: its bytes and the content type the web gives it. */
function asResponse(value: unknown, kind: Kind): Response {
  return kind === 'web'
    ? new Response(value as ConstructorParameters<typeof Response>[0])
    : (value as Response)
}

/** Reads a web `Response`, or a Blob, FormData or URLSearchParams: status, every header and cookie, the body. */
export async function fromResponse(kit: Kit, value: unknown, { door, sink }: Context): Promise<Draft> {
  const { addHeaders, isStatusCode, newDraft, setDescription, setHeader } = kit
  const kind = isResponseLike(value) ? 'response' : 'web'
  const response = asResponse(value, kind)
  const { status, statusText } = response
  const draft = newDraft(isStatusCode(status) ? status : 500)
  if (draft.statusCode !== status) sink('status-invalid', 'status')
  addHeaders(draft, response.headers, 'headers', sink)
  // A Blob without a type is bytes, sent as bytes are (and as it is when it is a result's body).
  if (kind === 'web') setHeader(draft, 'Content-Type', 'application/octet-stream', true)
  if (!door.edge && door.keys.includes('statusDescription') && statusText) {
    setDescription(draft, `${draft.statusCode} ${statusText}`)
  }
  if (response.body !== null) setBytes(draft, await bytesOf(kit, response))
  return draft
}

function isResponseLike(value: unknown): boolean {
  return typeof (value as Response).status === 'number'
}

async function bytesOf({ ProxyResponseError }: Kit, response: Response): Promise<Buffer> {
  try {
    return Buffer.from(await response.arrayBuffer())
  } catch (cause) {
    throw new ProxyResponseError('unserializable', 'the body could not be read', { cause })
  }
}

/**
 * Reads a result's body that is not a string, a value or bytes: chunks (a stream, an async iterable,
 * an iterator), a Response, or what `new Response()` takes, whose content type is used unless the
 * result gave one.
 */
export async function readBody(
  kit: Kit,
  draft: Draft,
  body: unknown,
  kind: Kind,
  { door }: Context,
): Promise<void> {
  const { setHeader } = kit
  if (kind === 'chunks') {
    const read = await readChunks(kit, body as AsyncIterable<unknown>, door.limit)
    if ('json' in read) {
      setHeader(draft, 'Content-Type', 'application/json', true)
      draft.body = read.json
      draft.jsonSafe = true
      draft.base64 = false
      return
    }
    setHeader(draft, 'Content-Type', 'application/octet-stream', true)
    return setBytes(draft, read.bytes)
  }
  const response = asResponse(body, kind)
  // The web's content type, as for one returned bare (fromResponse); a Blob without a `type` is bytes.
  setHeader(draft, 'Content-Type', response.headers.get('content-type') ?? 'application/octet-stream', true)
  setBytes(draft, await bytesOf(kit, response))
}
