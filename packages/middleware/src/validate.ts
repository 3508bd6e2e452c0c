import { check } from './check.js'
import { detectFrontDoor, doors } from './doors.js'
import { snapshot } from './edge.js'
import type { FrontDoor, Problem } from './types.js'

// What each problem of check.ts means for the front door, as a sentence a person can act on.
const MESSAGES: Record<string, string> = {
  'not-an-object': 'The result must be a plain object such as { statusCode, headers, body }.',
  'key-not-accepted': 'The front door does not take this key.',
  'key-missing': 'The front door needs this key.',
  'status-invalid': 'statusCode must be an integer from 100 to 599.',
  'status-description-invalid':
    'statusDescription must be the status code, a space and the reason phrase, such as "200 OK".',
  'base64-flag-invalid': 'isBase64Encoded must be true or false.',
  'body-not-string': 'body must be a string: serialize objects and base64-encode binary data.',
  'body-forbidden': 'A response with this status has no body.',
  'base64-invalid': 'isBase64Encoded is true but body is not valid base64.',
  'headers-invalid': 'A header map must be an object of strings (of string arrays in multiValueHeaders).',
  'header-name-invalid': 'This is not a header name (an RFC 9110 token).',
  'header-value-invalid': 'Header values must be strings without CR, LF, NUL or other control characters.',
  'multi-value-not-array': 'Each multiValueHeaders entry must be a non-empty array of strings.',
  'header-duplicate': 'This header is given twice, in two spellings.',
  'header-hop-by-hop': 'A hop-by-hop header means nothing in a Lambda result.',
  'content-length-mismatch':
    'Content-Length must be the byte count of the body sent, and absent without a body.',
  'cookie-in-headers': 'Payload 2.0 sends cookies in the cookies array.',
  'cookies-invalid': 'cookies must be an array of strings.',
  'cookie-invalid':
    'Each cookie must be one cookie (not a comma-joined list) in a string without CR, LF, NUL or other control characters.',
  'too-large': 'The serialized result is over the front door’s size limit.',
  'uri-invalid': 'A request sent on needs a uri that starts with /.',
  'querystring-invalid':
    'querystring is the query without its "?", and holds no space, control character or "#": percent-encode them.',
  'request-read-only':
    'A request sent on keeps the method, clientIp and body.inputTruncated CloudFront gave it.',
  'request-body-invalid':
    'A request body is { action, data, encoding, inputTruncated }: action "read-only" or "replace", encoding "base64" or "text", data a string (base64 when so encoded).',
  'origin-invalid': 'Only an origin request may change origin, and to exactly one of { custom } or { s3 }.',
  'status-read-only': 'A viewer response keeps the status CloudFront gave it.',
  'body-read-only':
    'A viewer response keeps the body of the origin: CloudFront takes no body from the function.',
  'body-encoding-invalid': 'bodyEncoding must be "text" or "base64".',
  'header-disallowed': 'CloudFront refuses a function that adds this header.',
  'header-read-only': 'CloudFront refuses a function that adds, changes or deletes this header.',
  'header-entry-invalid':
    'Each CloudFront header is an array of { key, value } entries, key the name in any case.',
}

/**
 * Lists how `result` breaks the strict contract of `frontDoor`: an empty array when the front door
 * accepts it as it is. The rules are those the middleware builds its results by (doors.ts and
 * check.ts); a result the middleware passes through untouched is one this finds nothing in. On
 * CloudFront, give the `event` as CloudFront sent it to have the read-only headers and a viewer
 * response's status checked against it too (an event of another trigger is not judged against).
 *
 * @example
 * assert.deepEqual(validateProxyResult(await handler(event, context), 'alb'), [])
 */
export const validateProxyResult = (
  result: unknown,
  frontDoor: FrontDoor,
  options: { event?: unknown } = {},
): Problem[] => {
  const door = Object.hasOwn(doors, frontDoor) ? doors[frontDoor] : undefined
  if (door === undefined) {
    return [{ code: 'front-door-unknown', path: '', message: `Unknown front door "${String(frontDoor)}".` }]
  }
  const problems: Problem[] = []
  try {
    check(
      result,
      door,
      (code, path) =>
        problems.push({ code, path, message: `${MESSAGES[code]}${path ? ` (${door.name}: ${path})` : ''}` }),
      // An event of another trigger (or front door) says nothing of what this trigger's CloudFront gave.
      door.edge && detectFrontDoor(options.event) === frontDoor ? snapshot(options.event, door) : undefined,
    )
  } catch (error) {
    problems.push({ code: 'unreadable', path: '', message: `The result cannot be read: ${String(error)}` })
  }
  return problems
}
