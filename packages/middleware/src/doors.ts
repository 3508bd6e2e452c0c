import type { FrontDoor } from './types.js'

/**
 * What one front door accepts (see CONTRACT): the plain data the normalizer and the validator read,
 * one row per front door, so that every quirk lives in exactly one place.
 */
export type Profile = {
  readonly frontDoor: FrontDoor
  /** Every top-level key the front door knows, as a mask of {@link keyBit}s. */
  readonly keys: number
  /**
   * Where header values go: `both` (REST shape: single values in `headers`, several in
   * `multiValueHeaders`), `single` (`headers` only, several values joined) or `multi` (`multiValueHeaders` only).
   */
  readonly headerShape: 'both' | 'single' | 'multi'
  /** Where `Set-Cookie` goes: `multiValueHeaders`, the `cookies` array, or one cookie in `headers`. */
  readonly cookies: 'multi' | 'cookies' | 'one'
  /** Whether the result carries `statusDescription` (and `isBase64Encoded` and the headers key) as a must. */
  readonly loadBalancer: boolean
  /** The largest serialized result the front door takes, in bytes. */
  readonly limit: number
  /** Whether the front door takes streamed responses (function URLs; REST APIs with responseTransferMode STREAM). */
  readonly streams: boolean
}

/** Lambda's response payload quota for synchronous invocations, as API Gateway reports it. */
export const LAMBDA_LIMIT = 6_291_556
/** "The maximum size of the response JSON that the Lambda function can send is 1 MB" (ELB guide). */
export const ALB_LIMIT = 1_048_576

/**
 * The bit of a result key, 0 for any other key. A switch over the keys compares interned strings,
 * twice as fast as a Set lookup on the hot path, where every key of every result is checked.
 */
export const keyBit = (key: string): number => {
  switch (key) {
    case 'statusCode':
      return 1
    case 'headers':
      return 2
    case 'multiValueHeaders':
      return 4
    case 'cookies':
      return 8
    case 'body':
      return 16
    case 'isBase64Encoded':
      return 32
    case 'statusDescription':
      return 64
    default:
      return 0
  }
}

const restKeys = 1 | 2 | 4 | 16 | 32
const v2Keys = 1 | 2 | 8 | 16 | 32
const lbKeys = 1 | 64 | 2 | 16 | 32
const albMultiKeys = 1 | 64 | 4 | 16 | 32
// WebSocket route responses use the REST proxy shape without multi-value headers (CONTRACT).
const webSocketKeys = 1 | 2 | 16 | 32

const profile = (
  frontDoor: FrontDoor,
  keys: number,
  headerShape: Profile['headerShape'],
  cookies: Profile['cookies'],
  loadBalancer: boolean,
  limit: number,
  streams = false,
): Profile => Object.freeze({ frontDoor, keys, headerShape, cookies, loadBalancer, limit, streams })

export const profiles: Readonly<Record<FrontDoor, Profile>> = Object.freeze({
  rest: profile('rest', restKeys, 'both', 'multi', false, LAMBDA_LIMIT, true),
  'http-v1': profile('http-v1', restKeys, 'both', 'multi', false, LAMBDA_LIMIT),
  'http-v2': profile('http-v2', v2Keys, 'single', 'cookies', false, LAMBDA_LIMIT),
  'function-url': profile('function-url', v2Keys, 'single', 'cookies', false, LAMBDA_LIMIT, true),
  alb: profile('alb', lbKeys, 'single', 'one', true, ALB_LIMIT),
  'alb-multi-value': profile('alb-multi-value', albMultiKeys, 'multi', 'multi', true, ALB_LIMIT),
  'lattice-v1': profile('lattice-v1', lbKeys, 'single', 'one', true, LAMBDA_LIMIT),
  'lattice-v2': profile('lattice-v2', lbKeys, 'single', 'one', true, LAMBDA_LIMIT),
  websocket: profile('websocket', webSocketKeys, 'single', 'one', false, LAMBDA_LIMIT),
})

/** Every front door, in the order of the CONTRACT. */
export const FRONT_DOORS = Object.freeze(Object.keys(profiles) as FrontDoor[])
