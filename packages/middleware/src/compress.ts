// Compression of a body the caller accepts compressed: to fit a result over the front door's limit,
// or, with `compressAbove`, any body from that size on. zlib is loaded only when a body is compressed.
// Like bodies.ts, it imports nothing from the core at run time (see bodies.ts's header for why): send.ts
// hands over what it uses.
import type { Door } from './doors.js'
import type { Draft, headerOf, setHeader } from './draft.js'
import type { isHead, requestHeader } from './request.js'
import type { forbidsBody } from './status.js'

/** What this module uses of the core, handed over by its caller (send.ts). */
export type Kit = {
  forbidsBody: typeof forbidsBody
  headerOf: typeof headerOf
  isHead: typeof isHead
  requestHeader: typeof requestHeader
  setHeader: typeof setHeader
}

/**
 * The encoding the caller prefers among `br`, `gzip` and `deflate` (RFC 9110 §12.5.3): `q=0` refuses,
 * `*` stands for every coding it does not name, and a header naming none of them means none. Ties go
 * to Brotli, then gzip: Brotli at quality 4 is as fast as gzip and most often smaller on JSON.
 */
export function acceptedEncoding(accept: string): string | undefined {
  const weights: Record<string, number> = {}
  for (const [, coding = '', q] of accept.toLowerCase().matchAll(/([\w*-]+)\s*(?:;\s*q=([\d.]+))?/g)) {
    weights[coding] = q === undefined ? 1 : Number(q)
  }
  let best: string | undefined
  let top = 0
  for (const coding of ['br', 'gzip', 'deflate']) {
    const weight = weights[coding] ?? weights['*'] ?? 0
    if (weight > top) [best, top] = [coding, weight]
  }
  return best
}

// A REST API decodes base64 for the caller only when the first media type of the request's Accept
// matches one of its binaryMediaTypes (CONTRACT.md, "API Gateway REST API").
function decodedFor(
  requestHeader: Kit['requestHeader'],
  event: unknown,
  binaryMediaTypes: readonly string[],
): boolean {
  const [type, subtype] = (requestHeader(event, 'accept').split(/[,;]/)[0] ?? '')
    .trim()
    .toLowerCase()
    .split('/')
  return binaryMediaTypes.some((media) => {
    const [t, s] = media.toLowerCase().split('/')
    return subtype !== undefined && (t === '*' || t === type) && (s === '*' || s === subtype)
  })
}

// Bodies compressed already: compressing them again costs time and saves nothing.
const COMPRESSED =
  /^(?:image\/(?!svg)|audio\/|video\/|font\/woff|application\/(?:zip|gzip|x-gzip|x-bzip2|x-7z-compressed|x-rar-compressed|x-xz|zstd|pdf)\b)/i

/**
 * Compresses the draft's body when the caller and the front door allow it: base64, with
 * `Content-Encoding` and `Vary: Accept-Encoding`. Answers the encoding used, or `undefined` when the
 * body was left as it was: an empty body, a status without a body, a HEAD request, a body encoded already, `Cache-Control:
 * no-transform`, a compressed media type, or a front door that would not decode it for the caller.
 */
export function compress(
  kit: Kit,
  draft: Draft,
  event: unknown,
  door: Door,
  binaryMediaTypes: readonly string[],
) {
  const { forbidsBody, headerOf, isHead, requestHeader, setHeader } = kit
  const { body } = draft
  const encoding =
    body === '' ||
    forbidsBody(draft.statusCode) ||
    // A viewer response's body and Content-Encoding are CloudFront's.
    door.edge?.viewer ||
    isHead(event) ||
    !/^(?:identity)?$/i.test(headerOf(draft, 'content-encoding')) ||
    /no-transform/i.test(headerOf(draft, 'cache-control')) ||
    COMPRESSED.test(headerOf(draft, 'content-type')) ||
    !(door.decodes || (door.name === 'rest' && decodedFor(requestHeader, event, binaryMediaTypes)))
      ? undefined
      : acceptedEncoding(requestHeader(event, 'accept-encoding'))
  if (encoding === undefined) return undefined
  const zlib = process.getBuiltinModule('node:zlib')
  const bytes = Buffer.from(body, draft.base64 ? 'base64' : 'utf8')
  // Brotli at quality 4: on a 7 MB JSON body about as fast as gzip's default level, and most often
  // smaller; Node's default quality (11) takes seconds (packages/bench/README.md has the figures).
  const { BROTLI_PARAM_QUALITY, BROTLI_PARAM_SIZE_HINT } = zlib.constants
  const packed =
    encoding === 'br'
      ? zlib.brotliCompressSync(bytes, {
          params: { [BROTLI_PARAM_QUALITY]: 4, [BROTLI_PARAM_SIZE_HINT]: bytes.length },
        })
      : encoding === 'gzip'
        ? zlib.gzipSync(bytes)
        : zlib.deflateSync(bytes)
  draft.body = packed.toString('base64')
  draft.base64 = draft.jsonSafe = true
  // `identity` said no coding: the real one replaces it.
  setHeader(draft, 'Content-Encoding', encoding)
  const vary = headerOf(draft, 'vary')
  if (!/accept-encoding|\*/i.test(vary))
    setHeader(draft, 'Vary', vary ? `${vary}, Accept-Encoding` : 'Accept-Encoding')
  return encoding
}
