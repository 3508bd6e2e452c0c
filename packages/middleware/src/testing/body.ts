// The request body every builder takes, worked out once: the text an event carries and how.

/**
 * A request body: a string is sent as it is; bytes (`Buffer`, any typed array, `ArrayBuffer`) in
 * base64 with `isBase64Encoded: true`; anything else as JSON, with `content-type: application/json`
 * unless the headers give a content type. `null` and `undefined` mean no body. CloudFront passes
 * every body in base64 (`Records[0].cf.request.body.data`, `encoding: 'base64'`), whatever it holds.
 *
 * @example
 * const body: BodyInput = { item: 'tea', quantity: 2 }
 */
export type BodyInput = string | Uint8Array | ArrayBuffer | ArrayBufferView | number | boolean | object | null

/** A body as an event carries it: its text (base64 for bytes), and whether it is base64 or JSON. */
export type Body = { text: string | undefined; base64: boolean; json: boolean }

const isBytes = (value: unknown): value is ArrayBuffer | ArrayBufferView =>
  value instanceof ArrayBuffer || ArrayBuffer.isView(value)

/** The body as an event carries it; throws a TypeError for a value JSON cannot hold (a function). */
export const bodyOf = (body: BodyInput | undefined): Body => {
  if (body === undefined || body === null) return { text: undefined, base64: false, json: false }
  if (typeof body === 'string') return { text: body, base64: false, json: false }
  if (isBytes(body)) {
    const bytes =
      body instanceof ArrayBuffer
        ? Buffer.from(body)
        : Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    return { text: bytes.toString('base64'), base64: true, json: false }
  }
  const text: unknown = JSON.stringify(body)
  if (typeof text !== 'string') throw new TypeError('The body must be a string, bytes or a JSON value.')
  return { text, base64: false, json: true }
}
